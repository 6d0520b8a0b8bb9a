/**
 * Issue 11: security of the HTTP API on the real stack. The bearer token guards every mutating route of
 * the route table (read from the OpenAPI document the same table generates, so new routes are covered
 * without editing this test); client paths cannot leave the data roots (.., absolute, symlinks); filter
 * parameters reach SQL only as bound values; bodies and queries are size-limited; 5xx bodies carry no
 * stack or internals; CORS is off.
 */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkBearer } from '../../src/api/auth.ts';
import { buildServer } from '../../src/api/server.ts';
import type { FeatureSource } from '../../src/api/feature-source.ts';
import { FakeJobService } from '../../src/api/fakes/fake-job-service.ts';
import { generateSample } from '../../src/sample/index.ts';
import { startServer, type LiveServer } from './reliability-support.ts';

const TOKEN = 's3cret-token';
const auth = { authorization: `Bearer ${TOKEN}` };
const work = mkdtempSync(path.join(tmpdir(), 'lw-sec-'));
const data = path.join(work, 'data');
const outside = path.join(work, 'outside');

/** Strings that break naive SQL building, one per classic trick. */
const INJECTIONS = [
  "' OR '1'='1",
  "1; DROP TABLE patches; --",
  "x') UNION SELECT * FROM jobs --",
  '"; DELETE FROM jobs; --',
  "\\' OR 1=1 /*",
  '%27%20OR%201%3D1',
  "0 OR 1=1",
];

describe('API security on the real stack', () => {
  let server: LiveServer;
  let jobId = '';
  let patchCount = 0;

  beforeAll(async () => {
    await generateSample({ outDir: path.join(data, 'sample'), size: 256, seed: 6, tileSize: 64 });
    mkdirSync(outside, { recursive: true });
    writeFileSync(path.join(outside, 'secret.tif'), 'not for clients');
    symlinkSync(path.join(outside, 'secret.tif'), path.join(data, 'escape.tif'));
    symlinkSync(outside, path.join(data, 'escape-dir'));
    server = await startServer({ db: path.join(work, 'sec.duckdb'), dataRoots: [data], outRoot: path.join(work, 'jobs'), token: TOKEN });
    const res = await server.app.inject({
      method: 'POST', url: '/processes/change-detection/execution', headers: auth,
      payload: { inputs: { epoch_a: 'sample/epoch-a.tif', epoch_b: 'sample/epoch-b.tif', tile_size: 64, mmu: 0 } },
    });
    expect(res.statusCode, res.body).toBe(200);
    jobId = /\/jobs\/([^>]+)>/.exec(String(res.headers.link))?.[1] ?? '';
    const items = await server.app.inject({ url: `/collections/${jobId}/items?limit=1` });
    patchCount = (items.json() as { numberMatched: number }).numberMatched;
    expect(patchCount).toBeGreaterThan(0);
  }, 120_000);
  afterAll(async () => {
    await server?.close();
    rmSync(work, { recursive: true, force: true });
  });

  it('every mutating route of the route table refuses a missing (401) or wrong (403) token', async () => {
    const doc = server.app.inject({ url: '/api' });
    const paths = ((await doc).json() as { paths: Record<string, Record<string, { security?: unknown[] }>> }).paths;
    const mutating: Array<[string, string]> = [];
    for (const [p, ops] of Object.entries(paths)) {
      for (const method of Object.keys(ops)) if (method !== 'get' && method !== 'head') mutating.push([method.toUpperCase(), p]);
    }
    expect(mutating.length).toBeGreaterThanOrEqual(4); // executions, a catch-all execution, dismiss, review…
    console.log(`mutating routes checked: ${mutating.map(([m, p]) => `${m} ${p}`).join(", ")}`);
    for (const [method, p] of mutating) {
      const url = p.replace(/\{[^}]+\}/g, (m) => (m === '{collectionId}' || m === '{jobId}' ? jobId : 'x'));
      const none = await server.app.inject({ method: method as 'POST', url, payload: {} });
      expect(none.statusCode, `${method} ${p} without token`).toBe(401);
      expect(none.headers['www-authenticate']).toMatch(/^Bearer/);
      expect(none.headers['content-type']).toMatch(/^application\/problem\+json/);
      const wrong = await server.app.inject({ method: method as 'POST', url, payload: {}, headers: { authorization: `Bearer ${TOKEN}x` } });
      expect(wrong.statusCode, `${method} ${p} with a wrong token`).toBe(403);
      // the OpenAPI document says so too
      expect(paths[p][method.toLowerCase()].security, `${method} ${p} documents bearerAuth`).toEqual([{ bearerAuth: [] }]);
    }
    // the job survived all that
    expect((await server.app.inject({ url: `/jobs/${jobId}` })).json()).toMatchObject({ status: 'successful' });
  });

  it('the token check compares digests in constant time: prefixes, longer tokens and other schemes fail', () => {
    expect(checkBearer(`Bearer ${TOKEN}`, TOKEN)).toBe('ok');
    expect(checkBearer(`bearer   ${TOKEN}  `, TOKEN)).toBe('ok');
    expect(checkBearer(`Bearer ${TOKEN.slice(0, -1)}`, TOKEN)).toBe('wrong');
    expect(checkBearer(`Bearer ${TOKEN}${TOKEN}`, TOKEN)).toBe('wrong');
    expect(checkBearer(`Basic ${Buffer.from(`u:${TOKEN}`).toString('base64')}`, TOKEN)).toBe('missing');
    expect(checkBearer(`Bearer ${TOKEN} extra`, TOKEN)).toBe('missing');
    expect(checkBearer(undefined, TOKEN)).toBe('missing');
  });

  it('refuses paths outside the data roots: .., absolute, symlinked file and folder escapes', async () => {
    const cases: Array<[Record<string, string>, number]> = [
      [{ epoch_a: '../outside/secret.tif' }, 403],
      [{ epoch_a: 'sample/../../outside/secret.tif' }, 403],
      [{ epoch_a: path.join(outside, 'secret.tif') }, 403],
      [{ epoch_a: '/etc/passwd' }, 403],
      [{ epoch_a: 'escape.tif' }, 403],
      [{ epoch_a: 'escape-dir/secret.tif' }, 403],
      [{ epoch_a: 'sample/epoch-a.tif\u0000.png' }, 400],
      [{ epoch_a: 'sample/epoch-a.tif', layers: 'escape-dir' }, 403],
    ];
    for (const [inputs, status] of cases) {
      const res = await server.app.inject({
        method: 'POST', url: '/processes/change-detection/execution', headers: auth,
        payload: { inputs: { epoch_b: 'sample/epoch-b.tif', ...inputs } },
      });
      expect(res.statusCode, JSON.stringify(inputs)).toBe(status);
      expect(res.body).not.toContain('not for clients');
    }
    // result files are served by name from the job's own list only
    for (const name of ['..%2F..%2F..%2Fetc%2Fpasswd', '%2Fetc%2Fpasswd', '..', 'landwatch.duckdb']) {
      const res = await server.app.inject({ url: `/jobs/${jobId}/files/${name}` });
      expect(res.statusCode, name).toBe(404);
      expect(res.body).not.toContain('root:');
    }
  });

  it('SQL metacharacters in every filter of /collections/{id}/items and /jobs are data, never SQL', async () => {
    for (const bad of INJECTIONS) {
      const q = encodeURIComponent(bad);
      const urls = [
        `/collections/${jobId}/items?bbox=${q}`,
        `/collections/${jobId}/items?change_type=${q}`,
        `/collections/${jobId}/items?min_area=${q}`,
        `/collections/${jobId}/items?limit=${q}`,
        `/collections/${jobId}/items?offset=${q}`,
        `/collections/${q}/items`,
        `/collections/${jobId}/items/${q}`,
        `/collections/${q}`,
        `/jobs?limit=${q}`,
        `/jobs?offset=${q}`,
        `/jobs/${q}`,
        `/jobs/${q}/results`,
      ];
      for (const url of urls) {
        const res = await server.app.inject({ url });
        expect([400, 404], `${url} → ${res.statusCode} ${res.body.slice(0, 200)}`).toContain(res.statusCode);
        expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      }
    }
    // nothing was dropped or deleted
    const after = await server.app.inject({ url: `/collections/${jobId}/items?limit=1` });
    expect((after.json() as { numberMatched: number }).numberMatched).toBe(patchCount);
    expect((await server.app.inject({ url: '/jobs' })).json()).toMatchObject({ numberMatched: 1 });
  });

  it('limits bodies (413) and query values (400), without a 5xx', async () => {
    const big = await server.app.inject({
      method: 'POST', url: '/processes/change-detection/execution', headers: { ...auth, 'content-type': 'application/json' },
      payload: JSON.stringify({ inputs: { epoch_a: 'x'.repeat(2 * 1024 * 1024), epoch_b: 'y' } }),
    });
    expect(big.statusCode).toBe(413);
    expect((big.json() as { code: string }).code).toBe('E_API_BODY_TOO_LARGE');
    const longPath = await server.app.inject({
      method: 'POST', url: '/processes/change-detection/execution', headers: auth,
      payload: { inputs: { epoch_a: 'a/'.repeat(5000), epoch_b: 'sample/epoch-b.tif' } },
    });
    expect(longPath.statusCode).toBe(400);
    const longQuery = await server.app.inject({ url: `/collections/${jobId}/items?change_type=${'a'.repeat(20_000)}` });
    expect(longQuery.statusCode).toBe(400);
    const notJson = await server.app.inject({ method: 'POST', url: '/processes/change-detection/execution', headers: { ...auth, 'content-type': 'text/plain' }, payload: 'hi' });
    expect(notJson.statusCode).toBe(415);
    const brokenJson = await server.app.inject({ method: 'POST', url: '/processes/change-detection/execution', headers: { ...auth, 'content-type': 'application/json' }, payload: '{"inputs":' });
    expect(brokenJson.statusCode).toBe(400);
    expect(brokenJson.body).not.toMatch(/\n\s+at /);
    // over a real socket: a header past Node's limit is refused by the HTTP parser, not by a crash
    const res = await fetch(`${server.base}/collections/${jobId}/items?bbox=${'1,'.repeat(20_000)}`);
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
  });

  it('CORS is off: no Access-Control headers, preflight is not answered', async () => {
    const get = await fetch(`${server.base}/collections`, { headers: { origin: 'https://evil.example' } });
    expect(get.headers.get('access-control-allow-origin')).toBeNull();
    const pre = await fetch(`${server.base}/processes/change-detection/execution`, {
      method: 'OPTIONS',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
    });
    expect(pre.headers.get('access-control-allow-origin')).toBeNull();
    expect(pre.headers.get('access-control-allow-methods')).toBeNull();
    expect(pre.status).toBe(404);
  });
});

describe('unexpected errors leave as a bare 500 with a request id', () => {
  it('no stack, message or path of the failure reaches the client', async () => {
    const broken: FeatureSource = {
      listCollections: () => Promise.reject(new Error('secret /srv/landwatch/db.duckdb exploded')),
      queryItems: () => Promise.reject(new TypeError("Cannot read properties of undefined (reading 'x')")),
      getItem: () => Promise.reject(new Error('boom')),
    };
    const jobs = new FakeJobService({ acceptMs: 1, runMs: 1 });
    const app = buildServer({ jobs, features: broken, dataRoots: [work], token: TOKEN, readPublic: true });
    try {
      for (const url of ['/collections', '/collections/a/items', '/collections/a/items/b']) {
        const res = await app.inject({ url });
        expect(res.statusCode).toBe(500);
        expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
        const body = res.json() as { detail: string; requestId: string; code: string };
        expect(body).toMatchObject({ code: 'E_API_INTERNAL', detail: 'internal error' });
        expect(body.requestId).toBe(res.headers['x-request-id']);
        expect(res.body).not.toMatch(/secret|\/srv\/|Cannot read|boom|\n\s+at |\.ts:\d+/);
      }
    } finally {
      jobs.close();
      await app.close();
    }
  });
});
