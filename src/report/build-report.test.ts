import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildReport } from './build-report.ts';
import { MU_M2 } from './report-data.ts';
import { REPORT_SECTIONS } from './report-html.ts';
import { makeSampleJob, type SampleJob } from './testing-sample-job.ts';

const tmp = mkdtempSync(path.join(tmpdir(), 'landwatch-report-'));
let job: SampleJob;
let html = '';

beforeAll(async () => {
  job = await makeSampleJob(tmp);
  await job.store.violations.replace(job.jobId, [
    { patchId: (await job.store.patches.query(job.jobId, { limit: 1 })).patches[0]!.id, ruleId: 'basic_farmland_occupied', severity: 'high', message: 'test', evidence: null },
  ]);
  html = await buildReport(job.store, job.jobId, { generated: '2026-01-01T00:00:00Z', topN: 4 });
}, 120_000);

afterAll(async () => {
  await job?.close();
  rmSync(tmp, { recursive: true, force: true });
});

function reportData(): Record<string, unknown> {
  const m = /<script type="application\/json" id="report-data">([^<]*)<\/script>/.exec(html);
  expect(m).not.toBeNull();
  return JSON.parse(m![1]!) as Record<string, unknown>;
}

describe('buildReport', () => {
  it('has every section and makes no external request', () => {
    for (const id of REPORT_SECTIONS) expect(html).toContain(`<section id="${id}">`);
    expect(html).not.toMatch(/(src|href)="https?:/);
    expect(html).not.toMatch(/<link /);
    expect(html).toContain('<svg'); // histogram and bar chart
    expect(html).toContain('class="threshold"');
  });

  it('inlines images that decode as PNG', async () => {
    const uris = [...html.matchAll(/src="data:image\/png;base64,([^"]+)"/g)].map((m) => m[1]!);
    expect(uris.length).toBe(1 + 2 * 4); // overview + A/B per top patch
    for (const b64 of uris) {
      const meta = await sharp(Buffer.from(b64, 'base64')).metadata();
      expect(meta.format).toBe('png');
      expect(meta.width).toBeGreaterThan(0);
    }
  });

  it('numbers equal the SQL aggregates', async () => {
    const d = reportData();
    const byCode = await job.store.aggregates.changeAreaByCode(job.jobId);
    expect(byCode.length).toBeGreaterThan(0);
    expect(d.changeByCode).toEqual(JSON.parse(JSON.stringify(byCode)));
    for (const c of byCode) {
      expect(html).toContain(`data-code="${c.code}" data-patches="${c.patchCount}" data-pixels="${c.pixelCount}" data-area-m2="${c.areaM2}"`);
    }
    const tr = await job.store.transitions.list(job.jobId);
    expect(tr.length).toBeGreaterThan(0);
    expect(d.transitions).toEqual(JSON.parse(JSON.stringify(tr)));
    for (const t of tr) {
      const mu = (t.areaM2 / MU_M2).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
      expect(html).toContain(`data-from="${t.fromClass}" data-to="${t.toClass}" data-pixels="${t.pixels}" data-area-m2="${t.areaM2}"`);
      expect(html).toContain(`${mu} 亩`);
    }
    const th = await job.store.thresholds.list(job.jobId);
    expect(d.thresholds).toEqual(th.map((t) => ({ method: t.method, value: t.value })));
    expect(d.patchCount).toBe(await job.store.patches.count(job.jobId));
    expect(d.violations).toEqual([{ ruleId: 'basic_farmland_occupied', severity: 'high', count: 1 }]);
    expect(html).toContain('data-rule="basic_farmland_occupied" data-severity="high" data-count="1"');
  });

  it('lists the largest patches first', async () => {
    const all = (await job.store.patches.query(job.jobId, { limit: 10_000 })).patches.sort((a, b) => b.areaM2 - a.areaM2);
    const ids = [...html.matchAll(/data-patch-id="([^"]+)"/g)].map((m) => m[1]);
    expect(ids).toEqual(all.slice(0, 4).map((p) => p.id));
  });
});
