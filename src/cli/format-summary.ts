import type { DetectSummary } from '../jobs/index.ts';

/** The human summary `detect` prints: patches by type with areas in m², 亩 and hectares, then the files. */
export function formatSummary(s: DetectSummary): string {
  const lines: string[] = [];
  const thr = s.threshold ? `, threshold ${s.threshold.method} = ${s.threshold.value.toFixed(3)}` : '';
  lines.push(`job ${s.jobId}: ${s.mode} mode, ${s.grid.width}×${s.grid.height} px, ${s.tiles.count} tiles${thr}`);
  lines.push('');
  const head = ['code', 'change type', 'patches', 'area m²', 'area 亩', 'area ha'];
  const rows = s.patches.byType.map((t) => [String(t.code), `${t.name} ${t.nameZh}`, String(t.patches), t.areaM2.toFixed(1), t.areaMu.toFixed(2), t.areaHa.toFixed(3)]);
  rows.push(['', 'total', String(s.patches.count), s.patches.areaM2.toFixed(1), s.patches.areaMu.toFixed(2), s.patches.areaHa.toFixed(3)]);
  const widths = head.map((h, i) => Math.max(displayWidth(h), ...rows.map((r) => displayWidth(r[i]))));
  const fmt = (r: string[]) => r.map((c, i) => (i === 1 ? padEnd(c, widths[i]) : padStart(c, widths[i]))).join('  ');
  lines.push(fmt(head), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(fmt));
  if (s.patches.droppedByMmu > 0) lines.push(`(${s.patches.droppedByMmu} patches under the ${s.parameters.mmuM2} m² minimum mapping unit dropped)`);
  const sieve = s.patches.sieve;
  if (sieve) {
    lines.push(`(${s.patches.mergedByMmu} patches under the ${s.parameters.mmuM2} m² minimum mapping unit (${sieve.thresholdPx} px) merged into their largest neighbour, gdal_sieve style)`);
  }
  if (s.supervision) {
    const sv = s.supervision;
    lines.push('', `supervision: ${sv.violations} violation candidates on ${sv.violatingPatches} patches (rules: ${sv.rulesSource})`);
    for (const r of sv.byRule) lines.push(`  ${r.ruleId.padEnd(32)} ${r.severity.padEnd(7)} ${String(r.violations).padStart(5)}  ${r.areaM2.toFixed(1)} m²`);
    if (sv.problems.length > 0) lines.push(`  ${sv.problems.length} invalid layer geometries reported in supervision.json`);
  }
  lines.push('', 'outputs:');
  for (const [name, path] of Object.entries(s.files)) lines.push(`  ${name.padEnd(12)} ${path}`);
  lines.push(`time: ${(s.timingsMs.total / 1000).toFixed(2)} s`);
  return `${lines.join('\n')}\n`;
}

/** CJK characters take two terminal columns. */
function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s) w += /[\u3000-\u9fff\uff00-\uffef]/.test(ch) ? 2 : 1;
  return w;
}
function padEnd(s: string, w: number): string {
  return s + ' '.repeat(Math.max(0, w - displayWidth(s)));
}
function padStart(s: string, w: number): string {
  return ' '.repeat(Math.max(0, w - displayWidth(s))) + s;
}
