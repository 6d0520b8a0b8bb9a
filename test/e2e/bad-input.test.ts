/**
 * Issue 11: malformed input. Every case of test/fixtures/bad/cases.json (built by
 * scripts/make-bad-fixtures.ts) must end in a typed error with its stable code and a message naming the
 * file (and tile), never an untyped crash, a hang or unbounded memory. Checked three ways:
 * - in-process, every case (fast): openRaster / the detect job / the layer loader;
 * - through the CLI, one case per distinct code: exit 1 and exactly one stderr line `landwatch: E_CODE message`;
 * - through the HTTP API (cases with `api: true`): problem+json / a failed job carrying the code, while a
 *   good job submitted afterwards still succeeds.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatError } from '../../src/cli/run-command.ts';
import { defaultMode, ensureJob, jobIdFor, runStoredJob } from '../../src/jobs/index.ts';
import { DETECT_DEFAULTS, type DetectParams } from '../../src/jobs/job-types.ts';
import type { TaskMap } from '../../src/pool/messages.ts';
import { TilePool } from '../../src/pool/tile-pool.ts';
import { openRaster, planWindowRead, executeWindowRead } from '../../src/raster/index.ts';
import { openStore, type Store } from '../../src/store/index.ts';
import { isLandwatchError } from '../../src/util/landwatch-error.ts';
import { loadCases, makeBadFixtures, type BadCase } from '../../scripts/make-bad-fixtures.ts';
import { inCi, runCli, startServer, waitForJob, type LiveServer } from './reliability-support.ts';

const cases = loadCases();
let dir = '';
const work = mkdtempSync(path.join(tmpdir(), 'lw-bad-'));

beforeAll(async () => {
  dir = await makeBadFixtures();
}, 120_000);
afterAll(() => rmSync(work, { recursive: true, force: true }));

const file = (name: string | undefined): string => path.join(dir, name ?? '');

function detectParams(c: BadCase, outDir: string, mode: DetectParams['mode']): DetectParams {
  return {
    epochA: file(c.files.a ?? 'base/epoch-a.tif'),
    epochB: file(c.files.b ?? 'base/epoch-b.tif'),
    outDir,
    mode,
    threshold: DETECT_DEFAULTS.threshold,
    mmuM2: DETECT_DEFAULTS.mmuM2,
    openRadiusPx: DETECT_DEFAULTS.openRadiusPx,
    closeRadiusPx: DETECT_DEFAULTS.closeRadiusPx,
    connectivity: DETECT_DEFAULTS.connectivity,
    tileSizePx: 64,
    normalize: DETECT_DEFAULTS.normalize,
    ...(c.files.remap ? { remapFile: file(c.files.remap) } : {}),
  };
}

function modeArg(c: BadCase): DetectParams['mode'] | undefined {
  const i = (c.args ?? []).indexOf('--mode');
  return i >= 0 ? (c.args![i + 1] as DetectParams['mode']) : undefined;
}

function cliArgs(c: BadCase, outDir: string): string[] {
  if (c.use === 'info') return ['info', file(c.files.file)];
  return [
    'detect', file(c.files.a ?? 'base/epoch-a.tif'), file(c.files.b ?? 'base/epoch-b.tif'),
    '--out', outDir, '--tile-size', '64', '--workers', '1', ...(c.args ?? []),
    ...(c.files.remap ? ['--remap', file(c.files.remap)] : []),
  ];
}

/** The error a case raises in-process (or null when it succeeds), with the value it returned. */
async function runInProcess(c: BadCase, pool: TilePool<TaskMap>, store: Store): Promise<{ err: unknown; result: unknown }> {
  try {
    if (c.use === 'info') {
      const src = await openRaster(file(c.files.file));
      // a header that opens must also read in full (or fail typed)
      await executeWindowRead(planWindowRead(src, { x: 0, y: 0, width: Math.min(src.width, 256), height: Math.min(src.height, 256) }));
      return { err: null, result: src };
    }
    if (c.use === 'layer') {
      const { loadLayers } = await import('../../src/supervise/load-layers.ts');
      return { err: null, result: await loadLayers(path.dirname(file(c.files.file))) };
    }
    const params = detectParams(c, path.join(work, 'in-process', c.id), modeArg(c) ?? (await defaultMode(file(c.files.a ?? 'base/epoch-a.tif'))));
    const processId = params.mode === 'landuse' ? 'landuse-transition' : 'change-detection';
    const id = jobIdFor(processId, params);
    await ensureJob(store, id, processId, params);
    return { err: null, result: await runStoredJob({ store, pool, jobId: id }) };
  } catch (err) {
    return { err, result: null };
  }
}

describe('malformed input: test/fixtures/bad/cases.json', () => {
  let pool: TilePool<TaskMap>;
  let store: Store;
  beforeAll(async () => {
    pool = new TilePool<TaskMap>({ workers: 1 });
    store = await openStore(path.join(work, 'in-process.duckdb'));
  });
  afterAll(async () => {
    await pool.destroy();
    await store.close();
  });

  it('lists at least 30 cases with unique ids, each with a stable code or a stated outcome', () => {
    expect(cases.length).toBeGreaterThanOrEqual(30);
    expect(new Set(cases.map((c) => c.id)).size).toBe(cases.length);
    for (const c of cases) {
      if ((c.expect ?? 'error') === 'error') expect(c.code, c.id).toMatch(/^E_[A-Z]+_[A-Z_]+$/);
    }
  });

  for (const c of cases) {
    const test = c.pending ? it.todo : it;
    test(`${c.id}: ${c.what}`, async () => {
      const { err, result } = await runInProcess(c, pool, store);
      const expect_ = c.expect ?? 'error';
      if (expect_ === 'ok') {
        expect(err, String(err)).toBeNull();
        const s = result as { pixels: { valid: number }; threshold: { value: number } | null };
        expect(s.pixels.valid).toBeGreaterThan(0);
        expect(s.pixels.valid).toBeLessThanOrEqual(c.maxValidPixels ?? Infinity);
        if (s.threshold) expect(Number.isFinite(s.threshold.value)).toBe(true);
        return;
      }
      if (expect_ === 'problems') {
        expect(err, String(err)).toBeNull();
        const { layers } = result as { layers: Array<{ features: unknown[]; problems: Array<{ message: string }> }> };
        expect(layers).toHaveLength(1);
        expect(layers[0].features).toHaveLength(c.keptFeatures ?? 0);
        const text = layers[0].problems.map((p) => p.message).join('\n');
        for (const s of c.message) expect(text).toContain(s);
        return;
      }
      // an untyped error here is the bug this suite exists to catch: show its stack
      if (!isLandwatchError(err)) throw err instanceof Error ? err : new Error(`${c.id}: expected ${c.code}, got ${String(err)}`);
      expect(err.code).toBe(c.code);
      const line = formatError(err);
      expect(line.split('\n')).toHaveLength(1);
      for (const s of c.message) expect(line).toContain(s);
    });
  }
});

describe('malformed input through the CLI: one stderr line, exit 1', () => {
  // one case per distinct code (fewer in CI), two child processes at a time; the in-process suite covers
  // every case and the same formatError
  const seen = new Set<string>();
  const picked = cases.filter((c) => {
    if (c.use === 'layer' || c.pending || (c.expect ?? 'error') !== 'error' || seen.has(c.code ?? '')) return false;
    seen.add(c.code ?? '');
    return true;
  });
  const chosen = inCi ? picked.filter((c, i) => c.api || i % 3 === 0) : picked;

  it(`${chosen.length} cases: ${chosen.map((c) => c.id).join(', ')}`, async () => {
    const failures: string[] = [];
    let next = 0;
    const lane = async (): Promise<void> => {
      while (next < chosen.length) {
        const c = chosen[next++];
        const r = await runCli(cliArgs(c, path.join(work, 'cli', c.id)), { timeoutMs: 60_000, heapMb: 512 });
        const lines = r.stderr.split('\n').filter((l) => l.length > 0);
        const ok = r.signal === null && r.status === 1 && lines.length === 1 && lines[0].startsWith(`landwatch: ${c.code} `)
          && c.message.every((m) => lines[0].includes(m));
        if (!ok) failures.push(`${c.id}: exit ${r.status} signal ${r.signal}, stderr:\n${r.stderr}`);
      }
    };
    await Promise.all([lane(), lane()]);
    expect(failures).toEqual([]);
  });
});

describe('malformed input through the API: problem+json, and the server keeps serving', () => {
  let server: LiveServer;
  const apiCases = cases.filter((c) => c.api && !c.pending);
  const rel = (name: string): string => name; // relative to the data root (the generated folder)
  const execute = (inputs: Record<string, unknown>, prefer?: string) =>
    server.app.inject({
      method: 'POST',
      url: '/processes/change-detection/execution',
      headers: { 'content-type': 'application/json', authorization: 'Bearer t0k', ...(prefer ? { prefer } : {}) },
      payload: { inputs: { tile_size: 64, ...inputs } },
    });

  beforeAll(async () => {
    server = await startServer({ db: path.join(work, 'api.duckdb'), dataRoots: [dir], outRoot: path.join(work, 'api-jobs'), token: 't0k', listen: false });
  });
  afterAll(async () => server?.close());

  it('has api cases', () => expect(apiCases.length).toBeGreaterThanOrEqual(5));

  it('each bad job fails with its code; a good job submitted after them succeeds', async () => {
    const ids: Array<[BadCase, string]> = [];
    for (const c of apiCases) {
      const res = await execute({ epoch_a: rel(c.files.a ?? 'base/epoch-a.tif'), epoch_b: rel(c.files.b ?? 'base/epoch-b.tif') }, 'respond-async');
      expect(res.statusCode, res.body).toBe(201);
      ids.push([c, (res.json() as { jobID: string }).jobID]);
    }
    const good = await execute({ epoch_a: 'base/epoch-a.tif', epoch_b: 'base/epoch-b.tif' }, 'respond-async');
    expect(good.statusCode).toBe(201);
    for (const [c, id] of ids) {
      const info = await waitForJob(server.app, id);
      expect(info.status, c.id).toBe('failed');
      const exc = info.exception as { code: string; detail: string };
      expect(exc.code, c.id).toBe(c.code);
      for (const s of c.message) expect(exc.detail).toContain(s);
      // results of a failed job: OGC result-not-ready, as problem+json
      const results = await server.app.inject({ method: 'GET', url: `/jobs/${id}/results` });
      expect(results.statusCode).toBe(404);
      expect(results.headers['content-type']).toMatch(/^application\/problem\+json/);
    }
    const goodInfo = await waitForJob(server.app, (good.json() as { jobID: string }).jobID);
    expect(goodInfo.status).toBe('successful');
  });

  it('a synchronous execute of a bad job answers problem+json with the code and no stack trace', async () => {
    const c = apiCases.find((x) => x.id === 'corrupt-deflate') ?? apiCases[0];
    const res = await execute({ epoch_a: 'base/epoch-a.tif', epoch_b: rel(c.files.b ?? '') });
    expect(res.statusCode).toBeGreaterThanOrEqual(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    const p = res.json() as { code: string; detail: string; status: number };
    expect(p.code).toBe(c.code);
    expect(p.status).toBe(res.statusCode);
    expect(res.body).not.toMatch(/\n\s+at |node_modules|\.ts:\d+/);
  });

  it('a missing input file is refused at submission (400 E_JOB_INPUT), a path outside the roots with 403', async () => {
    const missing = await execute({ epoch_a: 'no-such.tif', epoch_b: 'base/epoch-b.tif' });
    expect(missing.statusCode).toBe(400);
    expect((missing.json() as { code: string }).code).toBe('E_JOB_INPUT');
    const outside = await execute({ epoch_a: '../../../../etc/passwd', epoch_b: 'base/epoch-b.tif' });
    expect(outside.statusCode).toBe(403);
    expect(readFileSync(path.join(dir, 'base/manifest.json')).length).toBeGreaterThan(0);
  });
});

describe('fixture generator', () => {
  it('is deterministic: a second build gives the same bytes', async () => {
    const again = mkdtempSync(path.join(tmpdir(), 'lw-bad-again-'));
    try {
      await makeBadFixtures({ dir: again });
      for (const name of ['truncated-tile.tif', 'deflate-bomb.tif', 'nan-inf-b.tif', 'rotated.tif', 'crs-4548-b.tif']) {
        expect(existsSync(path.join(again, name))).toBe(true);
        expect(readFileSync(path.join(again, name)).equals(readFileSync(file(name))), name).toBe(true);
      }
    } finally {
      rmSync(again, { recursive: true, force: true });
    }
  });
});
