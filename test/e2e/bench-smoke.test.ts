/**
 * Keeps `npm run bench` working: a tiny 512² run of bench/run.ts (no scaling, no naive baseline, nothing
 * recorded in bench/results) in a child process, with its sample cache in a temp folder. Checks the JSON
 * it writes, not its timings: our pipeline found patches, the decode floor read both epochs, and — when
 * GDAL is on PATH — the numpy baseline made the same change codes and GDALPolygonize of our change.tif
 * gives our polygon count after the MMU.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const hasGdal = (() => {
  try {
    execFileSync('gdalinfo', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

interface RunJson {
  header: { bench: string; params: Record<string, unknown>; node: string; cpus: number };
  ours: { runs: Array<{ ms: number; patches: number; detect: number }>; minMs: number; meanMs: number; sdMs: number };
  gdal: { runs: Array<{ ms: number; sieve: number; polygonize: number }> } | null;
  floor: { runs: Array<{ pixels: number; mpxPerS: number }> };
  checks: {
    codePixelsDiffer: number | null;
    exactCountMatch: boolean | null;
    oursPatches: number;
    gdalPolygonizeOfOurRaster: { polygons: number; atLeastMinPx: number } | null;
    gdalBaselineFeatures: number | null;
  };
  headline: { gdalOverOurs: number | null; oursOverFloor: number };
}

describe('bench/run.ts', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'lw-bench-smoke-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('runs a 512² pipeline benchmark side by side and writes a consistent JSON report', () => {
    const out = path.join(dir, 'out.json');
    const args = ['--import', 'tsx', 'bench/run.ts', '--size', '512', '--seed', '3', '--repeats', '1', '--warmup', '0',
      '--no-scaling', '--no-naive', '--no-record', '--json', out, '--cache', path.join(dir, 'cache'), ...(hasGdal ? [] : ['--no-gdal'])];
    const r = spawnSync(process.execPath, args, { cwd: repoRoot, encoding: 'utf8', timeout: 100_000 });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('total wall');
    const j = JSON.parse(readFileSync(out, 'utf8')) as RunJson;
    expect(j.header.bench).toBe('run');
    expect(j.header.params.N).toBe(512);
    expect(j.header.params.seed).toBe(3);
    expect(j.ours.runs).toHaveLength(1);
    expect(j.ours.minMs).toBeGreaterThan(0);
    expect(j.ours.runs[0].patches).toBe(j.checks.oursPatches);
    expect(j.checks.oursPatches).toBeGreaterThan(0);
    expect(j.floor.runs[0].pixels).toBe(2 * 512 * 512);
    expect(j.headline.oursOverFloor).toBeGreaterThan(0);
    if (hasGdal) {
      expect(j.gdal?.runs).toHaveLength(1);
      expect(j.checks.codePixelsDiffer).toBe(0);
      expect(j.checks.gdalPolygonizeOfOurRaster?.atLeastMinPx).toBe(j.checks.oursPatches);
      expect(j.checks.exactCountMatch).toBe(true);
      expect(j.checks.gdalBaselineFeatures).toBeGreaterThan(0);
    } else {
      expect(j.gdal).toBeNull();
    }
  }, 120_000);
});
