import { legendEntry } from '../kernels/change-legend.ts';
import { LANDUSE_CLASSES } from '../kernels/landuse-codes.ts';
import { pngDataUri } from './encode-png.ts';
import { MU_M2, type ReportData } from './report-data.ts';
import { barChartSvg, escapeXml as esc, histogramSvg } from './svg-charts.ts';

export interface EpochInfo {
  label: string;
  path: string;
  width: number;
  height: number;
  bands: number;
  sampleType: string;
  crs: string;
  pixelSizeM: number;
  boundsLonLat: [number, number, number, number];
  acquired: string | null;
}

export interface ReportImages {
  overview: Uint8Array | null;
  /** patch id → before/after PNGs */
  thumbs: Map<string, { a: Uint8Array | null; b: Uint8Array | null }>;
}

/** Section ids, in order; tests check that each is present. */
export const REPORT_SECTIONS = ['parameters', 'epochs', 'threshold', 'change-by-type', 'transitions', 'violations', 'top-patches', 'overview'] as const;

const n0 = (v: number) => Math.round(v).toLocaleString('en-US');
const n2 = (v: number) => v.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const mu = (m2: number) => m2 / MU_M2;

function classLabel(code: number): string {
  const c = LANDUSE_CLASSES.find((k) => k.code === code);
  return c ? `${String(code).padStart(2, '0')} ${c.en} ${c.zh}` : String(code);
}

function changeLabel(code: number): { en: string; zh: string; color: string } {
  const e = legendEntry(code);
  return e ? { en: e.en, zh: e.zh, color: e.color } : { en: `code ${code}`, zh: `代码 ${code}`, color: '#888888' };
}

function img(png: Uint8Array | null, alt: string, cls = ''): string {
  return png === null ? `<span class="noimg">${esc(alt)}: —</span>` : `<img class="${cls}" alt="${esc(alt)}" src="${pngDataUri(png)}">`;
}

function section(id: string, en: string, zh: string, body: string): string {
  return `<section id="${id}"><h2>${esc(en)} <span class="zh">${esc(zh)}</span></h2>\n${body}\n</section>`;
}

function paramsTable(params: Record<string, unknown>): string {
  const rows = Object.entries(params)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `<tr><th>${esc(k)}</th><td>${esc(typeof v === 'string' ? v : JSON.stringify(v))}</td></tr>`);
  return `<table class="kv">${rows.join('')}</table>`;
}

function epochsTable(epochs: EpochInfo[]): string {
  const head = '<tr><th></th><th>file</th><th>size (px)</th><th>bands</th><th>CRS</th><th>pixel (m)</th><th>bounds (lon/lat)</th><th>acquired</th></tr>';
  const rows = epochs.map(
    (e) =>
      `<tr><th>${esc(e.label)}</th><td>${esc(e.path)}</td><td>${e.width} × ${e.height}</td><td>${e.bands} × ${esc(e.sampleType)}</td><td>${esc(e.crs)}</td><td>${n2(e.pixelSizeM)}</td><td>${e.boundsLonLat.map((v) => v.toFixed(5)).join(', ')}</td><td>${esc(e.acquired ?? '—')}</td></tr>`,
  );
  return `<table>${head}${rows.join('')}</table>`;
}

function thresholdSection(d: ReportData): string {
  if (d.thresholds.length === 0) return '<p>No threshold recorded (land-use mode). <span class="zh">无阈值（地类模式）</span></p>';
  return d.thresholds
    .map((t) => {
      const spec = t.spec ?? {};
      const min = typeof spec.min === 'number' ? spec.min : 0;
      const max = typeof spec.max === 'number' ? spec.max : 1;
      const chart = t.histogram ? histogramSvg({ counts: t.histogram, min, max, threshold: t.value, title: `Change magnitude histogram (${t.method})`, xLabel: 'CVA magnitude' }) : '';
      return `<p class="threshold">method <b>${esc(t.method)}</b>, threshold <b data-threshold="${t.value}">${n2(t.value)}</b></p>${chart}`;
    })
    .join('\n');
}

function changeByTypeSection(d: ReportData): string {
  if (d.changeByCode.length === 0) return '<p>No change patches. <span class="zh">无变化图斑</span></p>';
  const rows = d.changeByCode.map((c) => {
    const l = changeLabel(c.code);
    return `<tr data-code="${c.code}" data-patches="${c.patchCount}" data-pixels="${c.pixelCount}" data-area-m2="${c.areaM2}"><td><span class="sw" style="background:${esc(l.color)}"></span>${c.code}</td><td>${esc(l.en)}<br><span class="zh">${esc(l.zh)}</span></td><td>${c.patchCount}</td><td>${n0(c.pixelCount)}</td><td>${n2(c.areaM2)}</td><td>${n2(mu(c.areaM2))}</td><td>${n2(c.areaM2 / 10000)}</td><td>${c.unreviewedCount}</td><td>${c.falseDetectionCount}</td></tr>`;
  });
  const tot = d.changeByCode.reduce((s, c) => ({ p: s.p + c.patchCount, px: s.px + c.pixelCount, a: s.a + c.areaM2 }), { p: 0, px: 0, a: 0 });
  const table = `<table><tr><th>code</th><th>type 类型</th><th>patches 图斑</th><th>pixels</th><th>m²</th><th>亩</th><th>ha</th><th>unreviewed</th><th>false</th></tr>${rows.join('')}<tr class="total"><th></th><th>total 合计</th><td>${tot.p}</td><td>${n0(tot.px)}</td><td>${n2(tot.a)}</td><td>${n2(mu(tot.a))}</td><td>${n2(tot.a / 10000)}</td><td></td><td></td></tr></table>`;
  const chart = barChartSvg(
    d.changeByCode.map((c) => ({ label: `${c.code} ${changeLabel(c.code).en}`, value: c.areaM2 / MU_M2, color: changeLabel(c.code).color })),
    'Changed area by type (亩)',
    '亩',
  );
  return table + chart;
}

function transitionsSection(d: ReportData): string {
  if (d.transitions.length === 0) return '<p>No land-use rasters in this job, so no transition matrix. <span class="zh">无地类数据，无转移矩阵</span></p>';
  const from = [...new Set(d.transitions.map((t) => t.fromClass))].sort((a, b) => a - b);
  const to = [...new Set(d.transitions.map((t) => t.toClass))].sort((a, b) => a - b);
  const cell = new Map(d.transitions.map((t) => [`${t.fromClass}>${t.toClass}`, t]));
  const head = `<tr><th>from ＼ to</th>${to.map((c) => `<th>${esc(classLabel(c))}</th>`).join('')}</tr>`;
  const rows = from.map((f) => {
    const tds = to.map((t) => {
      const c = cell.get(`${f}>${t}`);
      if (!c) return '<td class="empty"></td>';
      const cls = f === t ? ' class="diag"' : '';
      return `<td${cls} data-from="${f}" data-to="${t}" data-pixels="${c.pixels}" data-area-m2="${c.areaM2}"><div>${n2(c.areaM2)} m²</div><div>${n2(mu(c.areaM2))} 亩</div><div class="px">${n0(c.pixels)} px</div></td>`;
    });
    return `<tr><th>${esc(classLabel(f))}</th>${tds.join('')}</tr>`;
  });
  return `<p>Each cell: area in m², in 亩 (m² / 666.67) and pixels. Diagonal = unchanged. <span class="zh">每格：面积（平方米、亩）与像元数；对角线为未变化</span></p><div class="scroll"><table class="matrix">${head}${rows.join('')}</table></div>`;
}

function violationsSection(d: ReportData): string {
  if (d.violationGroups.length === 0) return '<p class="none">No violation candidates. <span class="zh">无疑似违法图斑</span></p>';
  const rows = d.violationGroups.map(
    (g) => `<tr data-rule="${esc(g.ruleId)}" data-severity="${esc(g.severity)}" data-count="${g.count}"><td>${esc(g.ruleId)}</td><td>${esc(g.severity)}</td><td>${g.count}</td><td class="ids">${esc(g.patchIds.slice(0, 20).join(', '))}${g.patchIds.length > 20 ? ' …' : ''}</td></tr>`,
  );
  return `<table><tr><th>rule 规则</th><th>severity 等级</th><th>candidates 数量</th><th>patches 图斑</th></tr>${rows.join('')}</table>`;
}

function topPatchesSection(d: ReportData, images: ReportImages): string {
  if (d.topPatches.length === 0) return '<p>No patches. <span class="zh">无图斑</span></p>';
  const cards = d.topPatches.map((p) => {
    const l = changeLabel(p.code);
    const t = images.thumbs.get(p.id) ?? { a: null, b: null };
    return `<div class="patch" data-patch-id="${esc(p.id)}"><div class="thumbs">${img(t.a, `${p.id} epoch A`, 'thumb')}${img(t.b, `${p.id} epoch B`, 'thumb')}</div><div class="attrs"><b>${esc(p.id)}</b> <span class="sw" style="background:${esc(l.color)}"></span>${p.code} ${esc(l.en)} <span class="zh">${esc(l.zh)}</span><br>${n2(p.areaM2)} m² · ${n2(mu(p.areaM2))} 亩 · ${n0(p.pixelCount)} px<br>centre ${p.centroidLonLat[0].toFixed(6)}, ${p.centroidLonLat[1].toFixed(6)} · review: ${esc(p.reviewStatus)}</div></div>`;
  });
  return `<p>The ${d.topPatches.length} largest of ${d.patchCount} patches; left epoch A, right epoch B, outline in yellow. <span class="zh">面积最大的图斑（左：前时相，右：后时相）</span></p><div class="patches">${cards.join('')}</div>`;
}

const CSS = `body{font:14px/1.45 system-ui,sans-serif;margin:24px auto;max-width:1100px;color:#222;padding:0 16px}
h1{margin-bottom:4px}h2{border-bottom:2px solid #ddd;padding-bottom:4px;margin-top:32px}.zh{color:#666;font-weight:normal}
table{border-collapse:collapse;margin:8px 0}td,th{border:1px solid #ddd;padding:4px 8px;text-align:left;vertical-align:top}
table.kv th{background:#f6f6f6}.matrix td{font-size:12px;text-align:right}.matrix td.diag{background:#f3f3f3;color:#777}.px{color:#888}
.total td,.total th{font-weight:bold}.sw{display:inline-block;width:12px;height:12px;margin-right:6px;border:1px solid #999;vertical-align:middle}
.patches{display:flex;flex-wrap:wrap;gap:16px}.patch{border:1px solid #ddd;padding:8px;width:420px}.thumbs{display:flex;gap:6px}.thumb{width:200px;height:auto;image-rendering:pixelated}
.scroll{overflow-x:auto}.chart{display:block;margin:12px 0}.overview{max-width:100%;border:1px solid #ccc}.ids{font-size:12px;color:#555}`;

/** The whole report as one HTML string: no scripts, no external requests, images as data: URIs. */
export function renderReportHtml(d: ReportData, epochs: EpochInfo[], images: ReportImages, generated: string): string {
  const data = {
    jobId: d.job.id,
    patchCount: d.patchCount,
    thresholds: d.thresholds.map((t) => ({ method: t.method, value: t.value })),
    changeByCode: d.changeByCode,
    transitions: d.transitions,
    violations: d.violationGroups.map(({ ruleId, severity, count }) => ({ ruleId, severity, count })),
  };
  const body = [
    section('parameters', 'Job parameters', '任务参数', `<p>job <b>${esc(d.job.id)}</b> · ${esc(d.job.processId)} · ${esc(d.job.status)} · created ${esc(d.job.created)} · finished ${esc(d.job.finished ?? '—')}</p>${paramsTable(d.job.params)}`),
    section('epochs', 'Epochs', '时相', epochsTable(epochs)),
    section('threshold', 'Threshold and histogram', '阈值与直方图', thresholdSection(d)),
    section('change-by-type', 'Change area by type', '分类变化面积', changeByTypeSection(d)),
    section('transitions', 'Land-use transition matrix', '地类转移矩阵', transitionsSection(d)),
    section('violations', 'Violation candidates', '疑似违法图斑', violationsSection(d)),
    section('top-patches', 'Largest patches', '主要变化图斑', topPatchesSection(d, images)),
    section('overview', 'Overview map', '总览图', `${img(images.overview, 'overview: epoch B with the change raster', 'overview')}<p>Epoch B true colour (2–98 % stretch) with changed pixels in legend colours. <span class="zh">后时相真彩色叠加变化像元</span></p>`),
  ];
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>landwatch change report ${esc(d.job.id)}</title><style>${CSS}</style></head>
<body>
<h1>Change report <span class="zh">变化监测报告</span></h1>
<p>landwatch · job ${esc(d.job.id)} · generated ${esc(generated)}</p>
${body.join('\n')}
<script type="application/json" id="report-data">${JSON.stringify(data).replace(/</g, '\\u003c')}</script>
</body></html>
`;
}
