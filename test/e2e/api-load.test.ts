/**
 * Issue 11: load. 200 concurrent clients on loopback for a bounded period (15 s locally, 5 s with CI set)
 * against the real stack (store + pool + LocalJobService with a small maxQueued), mixing job submissions,
 * status polls and feature queries. No 5xx, no lost job (every 201 names a job that exists and finishes),
 * and back-pressure: submissions beyond the queue get 429 E_JOB_BUSY instead of piling up in memory.
 * p50/p99 latency per kind of request is printed.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateSample } from '../../src/sample/index.ts';
import { mulberry32 } from '../../src/util/prng.ts';
import { inCi, startServer, waitForJob, type LiveServer } from './reliability-support.ts';

const CLIENTS = 200;
const SECONDS = inCi ? 5 : 15;
const MAX_QUEUED = 4;
const TOKEN = 'load-token';
const work = mkdtempSync(path.join(tmpdir(), 'lw-load-'));
const data = path.join(work, 'data');

type Kind = 'submit' | 'poll' | 'items' | 'list';

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

describe('API under load: 200 concurrent clients', () => {
  let server: LiveServer;
  let collection = '';

  beforeAll(async () => {
    await generateSample({ outDir: path.join(data, 'sample'), size: 256, seed: 4, tileSize: 64 });
    server = await startServer({ db: path.join(work, 'load.duckdb'), dataRoots: [data], outRoot: path.join(work, 'jobs'), token: TOKEN, maxQueued: MAX_QUEUED });
    // one finished job, so feature queries have a collection to page through
    const res = await fetch(`${server.base}/processes/change-detection/execution`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
      body: JSON.stringify({ inputs: { epoch_a: 'sample/epoch-a.tif', epoch_b: 'sample/epoch-b.tif', tile_size: 64, mmu: 0 } }),
    });
    expect(res.status).toBe(200);
    collection = (res.headers.get('link') ?? '').match(/\/jobs\/([^>]+)>/)?.[1] ?? '';
    expect(collection).not.toBe('');
  }, 120_000);
  afterAll(async () => {
    await server?.close();
    rmSync(work, { recursive: true, force: true });
  });

  it(`${CLIENTS} clients for ${SECONDS} s: no 5xx, no lost job, 429 back-pressure`, async () => {
    const latencies: Record<Kind, number[]> = { submit: [], poll: [], items: [], list: [] };
    const statuses = new Map<string, number>();
    const accepted: string[] = [];
    const errors: string[] = [];
    let busy = 0;
    const deadline = Date.now() + SECONDS * 1000;
    const rssBefore = process.memoryUsage().rss;

    const client = async (n: number): Promise<void> => {
      const rnd = mulberry32(1000 + n);
      while (Date.now() < deadline) {
        const r = rnd();
        const kind: Kind = r < 0.08 ? 'submit' : r < 0.45 ? 'poll' : r < 0.9 ? 'items' : 'list';
        const t0 = performance.now();
        let res: Response;
        try {
          if (kind === 'submit') {
            res = await fetch(`${server.base}/processes/change-detection/execution`, {
              method: 'POST',
              headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}`, prefer: 'respond-async' },
              body: JSON.stringify({ inputs: { epoch_a: 'sample/epoch-a.tif', epoch_b: 'sample/epoch-b.tif', tile_size: 128 } }),
            });
          } else if (kind === 'poll') {
            const id = accepted.length > 0 ? accepted[Math.floor(rnd() * accepted.length)] : collection;
            res = await fetch(`${server.base}/jobs/${id}`);
          } else if (kind === 'items') {
            const limit = 1 + Math.floor(rnd() * 20);
            const bbox = rnd() < 0.5 ? '&bbox=-180,-90,180,90' : '';
            res = await fetch(`${server.base}/collections/${collection}/items?limit=${limit}&offset=${Math.floor(rnd() * 5)}${bbox}`);
          } else {
            res = await fetch(`${server.base}/jobs?limit=5`);
          }
          const body = await res.text();
          latencies[kind].push(performance.now() - t0);
          const key = `${kind} ${res.status}`;
          statuses.set(key, (statuses.get(key) ?? 0) + 1);
          if (res.status >= 500) errors.push(`${key}: ${body.slice(0, 300)}`);
          if (kind === 'submit' && res.status === 201) accepted.push((JSON.parse(body) as { jobID: string }).jobID);
          if (kind === 'submit' && res.status === 429) {
            busy++;
            expect((JSON.parse(body) as { code: string }).code).toBe('E_JOB_BUSY');
            expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
          }
        } catch (err) {
          errors.push(`${kind}: ${(err as Error).message}`);
        }
      }
    };
    await Promise.all(Array.from({ length: CLIENTS }, (_, n) => client(n)));
    const rssAfter = process.memoryUsage().rss;

    const lines = (Object.keys(latencies) as Kind[]).map((k) => {
      const s = latencies[k].sort((a, b) => a - b);
      return `${k.padEnd(6)} n=${String(s.length).padStart(6)}  p50 ${percentile(s, 50).toFixed(1)} ms  p99 ${percentile(s, 99).toFixed(1)} ms`;
    });
    console.log(
      `API load: ${CLIENTS} clients, ${SECONDS} s, maxQueued ${MAX_QUEUED}\n  ${lines.join('\n  ')}\n  statuses ${JSON.stringify(Object.fromEntries([...statuses].sort()))}\n` +
        `  jobs accepted ${accepted.length}, refused busy ${busy}; rss ${(rssBefore / 2 ** 20).toFixed(0)} → ${(rssAfter / 2 ** 20).toFixed(0)} MiB`,
    );

    expect(errors).toEqual([]);
    expect(accepted.length).toBeGreaterThan(0);
    expect(busy).toBeGreaterThan(0);
    for (const key of statuses.keys()) expect(key).toMatch(/^(submit (201|429)|poll 200|items 200|list 200)$/);

    // no lost job: every accepted job exists and reaches a final state once the queue drains
    for (const id of accepted) {
      const info = await waitForJob(server.app, id, 120_000);
      expect(info.status, id).toBe('successful');
    }
  });
});
