import { mkdtempSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkSiteCommand } from '../../src/cli/commands/check-site-command.ts';
import { reviewCommand } from '../../src/cli/commands/review-command.ts';
import { openStore } from '../../src/store/index.ts';
import { testPatches } from '../../src/store/test-patches.ts';

/** Runs `landwatch <args>` in-process with the two commands, capturing stdout, stderr and the exit code. */
async function cli(...args: string[]): Promise<{ out: string; err: string; code: number }> {
  const program = new Command('landwatch').exitOverride();
  checkSiteCommand(program);
  reviewCommand(program);
  let out = '';
  let err = '';
  const w1 = process.stdout.write.bind(process.stdout);
  const w2 = process.stderr.write.bind(process.stderr);
  process.stdout.write = ((s: string) => ((out += s), true)) as typeof process.stdout.write;
  process.stderr.write = ((s: string) => ((err += s), true)) as typeof process.stderr.write;
  process.exitCode = 0;
  try {
    await program.parseAsync(['node', 'landwatch', ...args]);
  } finally {
    process.stdout.write = w1;
    process.stderr.write = w2;
  }
  const code = Number(process.exitCode ?? 0);
  process.exitCode = 0;
  return { out, err, code };
}

const dir = mkdtempSync(join(tmpdir(), 'lw-sup-cli-'));
const sq = (x: number, y: number, d: number) => [[x, y], [x + d, y], [x + d, y + d], [x, y + d], [x, y]];
const fc = (features: unknown[]) => JSON.stringify({ type: 'FeatureCollection', features });
let db: string;
let patchId: string;

beforeAll(async () => {
  mkdirSync(join(dir, 'layers'));
  writeFileSync(join(dir, 'layers', 'ecological_redline.geojson'), fc([{ type: 'Feature', properties: { id: 'R1' }, geometry: { type: 'Polygon', coordinates: [sq(119.8, 31.3, 0.01)] } }]));
  writeFileSync(join(dir, 'site.geojson'), JSON.stringify({ type: 'Polygon', coordinates: [sq(119.805, 31.305, 0.01)] }));
  writeFileSync(join(dir, 'bad.geojson'), JSON.stringify({ type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1, 1]]] }));
  db = join(dir, 'lw.duckdb');
  const store = await openStore(db);
  const patches = testPatches(2, 3);
  await store.patches.insertMany('J', patches);
  await store.violations.replace('J', [{ patchId: patches[0].id, ruleId: 'redline_violated', severity: 'high', message: 'in red line', evidence: { code: 20, areaM2: 10, layers: [] } }]);
  await store.close();
  patchId = patches[0].id;
});

afterAll(() => {
  process.exitCode = 0;
});

describe('landwatch check-site', () => {
  it('prints overlapped layers and broken rules, or JSON', async () => {
    const r = await cli('check-site', join(dir, 'site.geojson'), '--layers', join(dir, 'layers'));
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/ecological_redline\s+ecological_redline\s+[\d.]+\s+25\.0 %\s+R1/);
    expect(r.out).toMatch(/HIGH\s+redline_violated/);
    const j = await cli('check-site', join(dir, 'site.geojson'), '--layers', join(dir, 'layers'), '--json');
    expect(JSON.parse(j.out).layers[0].share).toBeCloseTo(0.25, 2);
  });

  it('exits 1 with one stderr line for an invalid project or a missing layers folder', async () => {
    const r = await cli('check-site', join(dir, 'bad.geojson'), '--layers', join(dir, 'layers'));
    expect(r.code).toBe(1);
    expect(r.err.trim().split('\n')).toHaveLength(1);
    expect(r.err).toMatch(/^landwatch: E_SUPERVISE_INPUT .*bad\.geojson: geometry: exterior ring is not closed/);
    const m = await cli('check-site', join(dir, 'site.geojson'), '--layers', join(dir, 'nope'));
    expect(m.code).toBe(1);
    expect(m.err).toMatch(/^landwatch: E_SUPERVISE_LAYER .*nope: no such layers folder/);
  });
});

describe('landwatch review', () => {
  it('records a decision, lists the audit, and exports confirmed violations as GeoJSON and CSV', async () => {
    const rec = await cli('review', 'J', patchId, '--status', 'confirmed', '--reviewer', 'li', '--comment', 'field visit', '--db', db);
    expect(rec.code).toBe(0);
    expect(rec.out).toMatch(/unreviewed → confirmed/);
    const hist = await cli('review', 'J', '--history', '--db', db, '--json');
    expect(JSON.parse(hist.out)).toMatchObject([{ patchId, status: 'confirmed', reviewer: 'li' }]);
    const geo = join(dir, 'confirmed.geojson');
    expect((await cli('review', 'J', '--export', geo, '--db', db)).out).toMatch(/^1 confirmed violation/);
    const fcOut = JSON.parse(readFileSync(geo, 'utf8'));
    expect(fcOut.features[0].properties).toMatchObject({ patch_id: patchId, rule_id: 'redline_violated', reviewer: 'li', comment: 'field visit' });
    const csv = join(dir, 'confirmed.csv');
    await cli('review', 'J', '--export', csv, '--db', db);
    expect(readFileSync(csv, 'utf8').split('\n')[1]).toContain(`${patchId},redline_violated,high`);
  });

  it('refuses a bad status (usage, exit 2) and an unknown patch (exit 1)', async () => {
    const bad = await cli('review', 'J', patchId, '--status', 'approved', '--db', db);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/^landwatch: E_CLI_USAGE --status must be one of confirmed, legal, false_detection, field_check/);
    const missing = await cli('review', 'J', 'nope', '--status', 'legal', '--approval-ref', 'PZ-1', '--db', db);
    expect(missing.code).toBe(1);
    expect(missing.err).toMatch(/^landwatch: E_STORE_NOT_FOUND/);
  });
});
