import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeFeatureSource, featureBbox, gridPatches } from './fakes/fake-feature-source.ts';
import { FakeJobService } from './fakes/fake-job-service.ts';
import { buildServer } from './server.ts';

const TOKEN = 'test-token-123';
const auth = { authorization: `Bearer ${TOKEN}` };
const OGC = 'http://www.opengis.net/def/exceptions/ogcapi-processes-1/1.0/';

/** path + query of an absolute link, for inject */
function local(href: string): string {
  const u = new URL(href);
  return u.pathname + u.search;
}

function json(res: LightMyRequestResponse): Record<string, unknown> {
  return JSON.parse(res.body) as Record<string, unknown>;
}

async function pollStatus(app: FastifyInstance, url: string, want: string): Promise<Record<string, unknown>> {
  const seen: string[] = [];
  for (let i = 0; i < 200; i++) {
    const body = json(await app.inject({ url }));
    if (seen.at(-1) !== body.status) seen.push(String(body.status));
    if (body.status === want) return { ...body, seen };
    await new Promise((r) => setTimeout(r, 5));
  }
  throw new Error(`job never reached ${want}; saw ${seen.join(' → ')}`);
}

describe('buildServer (OGC API Processes + Features over fakes)', () => {
  let root: string;
  let app: FastifyInstance;
  const jobs = new FakeJobService({ acceptMs: 15, runMs: 30, fail: (p) => (p.mmuM2 === 13 ? { code: 'E_RASTER_ALIGN', message: 'epochs differ in CRS' } : null) });
  const patches = gridPatches(20, 15, [119.5, 31.2], 0.01, 7);
  const features = new FakeFeatureSource([
    { info: { id: 'job-x', title: 'patches of job-x', bboxLonLat: [119.5, 31.2, 119.7, 31.35] }, features: patches },
  ]);

  beforeAll(async () => {
    root = await mkdtemp(path.join(tmpdir(), 'lw-api-'));
    await writeFile(path.join(root, 'a.tif'), 'A');
    await writeFile(path.join(root, 'b.tif'), 'B');
    app = buildServer({ jobs, features, dataRoots: [root], token: TOKEN, readPublic: true, outRoot: path.join(root, 'out'), syncWaitMs: 2000 });
    await app.ready();
  });
  afterAll(async () => {
    jobs.close();
    await app.close();
    await rm(root, { recursive: true, force: true });
  });

  it('serves the landing page as JSON by default and HTML when the browser asks', async () => {
    const j = await app.inject({ url: '/' });
    expect(j.statusCode).toBe(200);
    expect(j.headers['content-type']).toMatch(/^application\/json/);
    const rels = (json(j).links as Array<{ rel: string; href: string }>).map((l) => l.rel);
    expect(rels).toEqual(expect.arrayContaining(['self', 'service-desc', 'http://www.opengis.net/def/rel/ogc/1.0/conformance',
      'http://www.opengis.net/def/rel/ogc/1.0/processes', 'http://www.opengis.net/def/rel/ogc/1.0/job-list', 'data']));
    const h = await app.inject({ url: '/', headers: { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' } });
    expect(h.headers['content-type']).toMatch(/^text\/html/);
    expect(h.body).toContain('/collections');
    expect((await app.inject({ url: '/', headers: { accept: 'text/html' }, query: { f: 'json' } })).headers['content-type']).toMatch(/json/);
  });

  it('declares processes and features conformance classes', async () => {
    const c = json(await app.inject({ url: '/conformance' })).conformsTo as string[];
    for (const cls of ['ogcapi-processes-1/1.0/conf/core', 'ogcapi-processes-1/1.0/conf/json', 'ogcapi-processes-1/1.0/conf/job-list',
      'ogcapi-features-1/1.0/conf/core', 'ogcapi-features-1/1.0/conf/geojson', 'ogcapi-features-1/1.0/conf/oas30']) {
      expect(c).toContain(`http://www.opengis.net/spec/${cls}`);
    }
  });

  it('describes both processes with every documented input', async () => {
    const list = json(await app.inject({ url: '/processes' })).processes as Array<{ id: string }>;
    expect(list.map((p) => p.id)).toEqual(['change-detection', 'landuse-transition']);
    const d = json(await app.inject({ url: '/processes/change-detection' }));
    expect(Object.keys(d.inputs as object)).toEqual(expect.arrayContaining(['epoch_a', 'epoch_b', 'mode', 'landuse_a', 'landuse_b', 'threshold',
      'mmu', 'mmu_mode', 'open', 'close', 'connectivity', 'tile_size', 'layers', 'rules', 'normalize', 'bands']));
    expect((d.inputs as Record<string, { minOccurs: number }>).epoch_a.minOccurs).toBe(1);
    expect(Object.keys(d.outputs as object)).toContain('patches.geojson');
    const lu = json(await app.inject({ url: '/processes/landuse-transition' }));
    expect((lu.inputs as Record<string, { minOccurs: number }>).landuse_a.minOccurs).toBe(1);
  });

  it('runs the async lifecycle: 201 + Location → accepted → running → successful → results → files', async () => {
    const res = await app.inject({
      method: 'POST', url: '/processes/change-detection/execution', headers: { ...auth, prefer: 'respond-async' },
      payload: { inputs: { epoch_a: 'a.tif', epoch_b: path.join(root, 'b.tif'), threshold: 2.5, mmu: 400, mmu_mode: 'merge', tile_size: 256, bands: [0, 2] } },
    });
    expect(res.statusCode).toBe(201);
    expect(res.headers['preference-applied']).toBe('respond-async');
    const status = json(res);
    expect(status).toMatchObject({ status: 'accepted', type: 'process', processID: 'change-detection', progress: 0 });
    const location = String(res.headers.location);
    expect(new URL(location).pathname).toBe(`/jobs/${String(status.jobID)}`);
    const sent = jobs.submitted.at(-1)!.params;
    expect(sent).toMatchObject({ epochA: path.join(root, 'a.tif'), epochB: path.join(root, 'b.tif'), threshold: 2.5, mmuM2: 400, mmuMode: 'merge', tileSizePx: 256, mode: 'spectral', connectivity: 4, bands: [0, 2] });
    expect(path.dirname(sent.outDir)).toBe(path.join(root, 'out'));

    const done = await pollStatus(app, local(location), 'successful');
    expect(done.seen).toContain('successful');
    expect(done).toMatchObject({ progress: 100 });
    expect(typeof done.finished).toBe('string');
    const resultsLink = (done.links as Array<{ rel: string; href: string }>).find((l) => l.rel.endsWith('/results'));
    expect(resultsLink).toBeDefined();

    const results = json(await app.inject({ url: local(resultsLink!.href) })) as Record<string, { href: string; type: string }>;
    expect(Object.keys(results).sort()).toEqual(['change.tif', 'patches.geojson', 'summary.json']);
    expect(results['patches.geojson']!.type).toBe('application/geo+json');
    const file = await app.inject({ url: local(results['summary.json']!.href) });
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toMatch(/^application\/json/);
    expect(file.body).toBe('{"patches":0}\n');
    const tif = await app.inject({ url: local(results['change.tif']!.href) });
    expect(tif.headers['content-type']).toMatch(/^image\/tiff/);
    const missing = await app.inject({ url: `/jobs/${String(status.jobID)}/files/nope.txt` });
    expect(missing.statusCode).toBe(404);
    expect(missing.headers['content-type']).toMatch(/^application\/problem\+json/);
  });

  it('answers result-not-ready while the job runs and for a failed job', async () => {
    const res = await app.inject({ method: 'POST', url: '/processes/change-detection/execution', headers: { ...auth, prefer: 'respond-async' },
      payload: { inputs: { epoch_a: 'a.tif', epoch_b: 'b.tif', mmu: 13 } } });
    const id = String(json(res).jobID);
    const early = await app.inject({ url: `/jobs/${id}/results` });
    expect(early.statusCode).toBe(404);
    expect(json(early).type).toBe(`${OGC}result-not-ready`);
    const failed = await pollStatus(app, `/jobs/${id}`, 'failed');
    expect(failed.exception).toMatchObject({ code: 'E_RASTER_ALIGN' });
    const late = json(await app.inject({ url: `/jobs/${id}/results` }));
    expect(late).toMatchObject({ status: 404, type: `${OGC}result-not-ready`, details: { jobError: { code: 'E_RASTER_ALIGN' } } });
  });

  it('executes synchronously without Prefer: 200 results, or 201 fallback when it does not finish in time', async () => {
    const res = await app.inject({ method: 'POST', url: '/processes/landuse-transition/execution', headers: auth,
      payload: { inputs: { landuse_a: 'a.tif', landuse_b: 'b.tif' } } });
    expect(res.statusCode).toBe(200);
    expect(Object.keys(json(res))).toContain('patches.geojson');
    expect(jobs.submitted.at(-1)!.params).toMatchObject({ mode: 'landuse', epochA: path.join(root, 'a.tif'), landuseB: path.join(root, 'b.tif') });

    const slow = await app.inject({ method: 'POST', url: '/processes/change-detection/execution', headers: { ...auth, prefer: 'wait=0' },
      payload: { inputs: { epoch_a: 'a.tif', epoch_b: 'b.tif' } } });
    expect(slow.statusCode).toBe(201);
    expect(slow.headers.location).toMatch(/\/jobs\/job-\d+$/);

    const failed = await app.inject({ method: 'POST', url: '/processes/change-detection/execution', headers: auth,
      payload: { inputs: { epoch_a: 'a.tif', epoch_b: 'b.tif', mmu: 13 } } });
    expect(failed.statusCode).toBe(422);
    expect(json(failed).code).toBe('E_RASTER_ALIGN');
  });

  it('dismisses a job and then has no results for it', async () => {
    const res = await app.inject({ method: 'POST', url: '/processes/change-detection/execution', headers: { ...auth, prefer: 'respond-async' },
      payload: { inputs: { epoch_a: 'a.tif', epoch_b: 'b.tif' } } });
    const id = String(json(res).jobID);
    expect((await app.inject({ method: 'DELETE', url: `/jobs/${id}` })).statusCode).toBe(401);
    const del = await app.inject({ method: 'DELETE', url: `/jobs/${id}`, headers: auth });
    expect(del.statusCode).toBe(200);
    expect(json(del).status).toBe('dismissed');
    expect(json(await app.inject({ url: `/jobs/${id}` })).status).toBe('dismissed');
    expect(json(await app.inject({ url: `/jobs/${id}/results` })).type).toBe(`${OGC}result-not-ready`);
    const gone = await app.inject({ method: 'DELETE', url: '/jobs/no-such', headers: auth });
    expect(gone.statusCode).toBe(404);
    expect(json(gone).type).toBe(`${OGC}no-such-job`);
  });

  it('pages the job list with next links until every job was seen once', async () => {
    const first = json(await app.inject({ url: '/jobs?limit=2' }));
    const total = Number(first.numberMatched);
    expect(total).toBeGreaterThanOrEqual(5);
    const ids: string[] = [];
    let page: Record<string, unknown> | null = first;
    while (page !== null) {
      ids.push(...(page.jobs as Array<{ jobID: string }>).map((j) => j.jobID));
      const next: { rel: string; href: string } | undefined = (page.links as Array<{ rel: string; href: string }>).find((l) => l.rel === 'next');
      page = next === undefined ? null : json(await app.inject({ url: local(next.href) }));
    }
    expect(ids.length).toBe(total);
    expect(new Set(ids).size).toBe(total);
  });

  it('serves items with bbox + filters; numberMatched stays constant while next links walk every page', async () => {
    const bbox: [number, number, number, number] = [119.55, 31.22, 119.62, 31.3];
    const expected = patches.filter((f) => {
      const b = featureBbox(f);
      return !(b[2] < bbox[0] || b[0] > bbox[2] || b[3] < bbox[1] || b[1] > bbox[3]) && (f.properties?.area_m2 as number) >= 1000;
    }).map((f) => f.id);
    expect(expected.length).toBeGreaterThan(20);
    let url: string | null = `/collections/job-x/items?bbox=${bbox.join(',')}&min_area=1000&limit=7`;
    const seen: unknown[] = [];
    let pages = 0;
    while (url !== null) {
      const res = await app.inject({ url });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toMatch(/^application\/geo\+json/);
      const fc = json(res);
      expect(fc.type).toBe('FeatureCollection');
      expect(fc.numberMatched).toBe(expected.length);
      expect(fc.numberReturned).toBe((fc.features as unknown[]).length);
      expect(typeof fc.timeStamp).toBe('string');
      const links = fc.links as Array<{ rel: string; href: string }>;
      if (pages > 0) expect(links.some((l) => l.rel === 'prev')).toBe(true);
      seen.push(...(fc.features as Array<{ id: unknown }>).map((f) => f.id));
      const next = links.find((l) => l.rel === 'next');
      url = next === undefined ? null : local(next.href);
      if (next) expect(new URL(next.href).searchParams.get('bbox')).toBe(bbox.join(','));
      pages += 1;
    }
    expect(pages).toBe(Math.ceil(expected.length / 7));
    expect(seen).toEqual(expected);
  });

  it('filters items by change_type keys or codes, clamps limit, and rejects bad parameters', async () => {
    const fc = json(await app.inject({ url: '/collections/job-x/items?change_type=cropland_to_construction_label_only,5&limit=100000' }));
    const want = patches.filter((f) => [60, 5].includes(f.properties?.code as number));
    expect(fc.numberMatched).toBe(want.length);
    expect(fc.numberReturned).toBe(want.length);
    expect(new URL((fc.links as Array<{ rel: string; href: string }>)[0]!.href).searchParams.get('limit')).toBe('10000');
    for (const q of ['bbox=1,2,3', 'bbox=10,50,11,40', 'change_type=bogus', 'min_area=-1', 'limit=0', 'unknown=1']) {
      const r = await app.inject({ url: `/collections/job-x/items?${q}` });
      expect(r.statusCode, q).toBe(400);
      expect(r.headers['content-type']).toMatch(/^application\/problem\+json/);
    }
    const one = await app.inject({ url: '/collections/job-x/items/p0003' });
    expect(json(one)).toMatchObject({ type: 'Feature', id: 'p0003' });
    expect((await app.inject({ url: '/collections/job-x/items/zzz' })).statusCode).toBe(404);
  });

  it('lists collections with extents', async () => {
    const cs = json(await app.inject({ url: '/collections' })).collections as Array<Record<string, unknown>>;
    expect(cs[0]).toMatchObject({ id: 'job-x', extent: { spatial: { bbox: [[119.5, 31.2, 119.7, 31.35]] } } });
    expect(json(await app.inject({ url: '/collections/job-x' })).id).toBe('job-x');
  });

  it('answers unknown ids and routes with 404 problem+json', async () => {
    const cases: Array<[string, string | undefined]> = [
      ['/jobs/nope', `${OGC}no-such-job`],
      ['/jobs/nope/results', `${OGC}no-such-job`],
      ['/processes/nope', `${OGC}no-such-process`],
      ['/collections/nope', undefined],
      ['/collections/nope/items', undefined],
      ['/no/such/route', undefined],
    ];
    for (const [url, type] of cases) {
      const r = await app.inject({ url });
      expect(r.statusCode, url).toBe(404);
      expect(r.headers['content-type'], url).toMatch(/^application\/problem\+json/);
      const p = json(r);
      expect(p.status).toBe(404);
      if (type !== undefined) expect(p.type, url).toBe(type);
    }
    const post = await app.inject({ method: 'POST', url: '/processes/nope/execution', headers: auth, payload: { inputs: {} } });
    expect(json(post).type).toBe(`${OGC}no-such-process`);
  });

  it('refuses malformed bodies with 400 and unknown inputs by name', async () => {
    const url = '/processes/change-detection/execution';
    const bad = await app.inject({ method: 'POST', url, headers: { ...auth, 'content-type': 'application/json' }, payload: '{"inputs": {' });
    expect(bad.statusCode).toBe(400);
    expect(json(bad).code).toBe('E_API_BAD_REQUEST');
    const typo = json(await app.inject({ method: 'POST', url, headers: auth, payload: { inputs: { epoch_a: 'a.tif', epoch_b: 'b.tif', 'tile-size': 3 } } }));
    expect(typo.status).toBe(400);
    expect(JSON.stringify(typo.details)).toContain('tile-size');
    for (const inputs of [{ epoch_a: 'a.tif' }, { epoch_a: 'a.tif', epoch_b: 'b.tif', threshold: 'max' }, { epoch_a: 'a.tif', epoch_b: 'b.tif', tile_size: 100 },
      { epoch_a: 'a.tif', epoch_b: 'b.tif', mode: 'combined' }, { epoch_a: 'a.tif', epoch_b: 'missing.tif' }, { epoch_a: 'a.tif', epoch_b: '' }]) {
      const r = await app.inject({ method: 'POST', url, headers: auth, payload: { inputs } });
      expect(r.statusCode, JSON.stringify(inputs)).toBe(400);
    }
    const otsu = await app.inject({ method: 'POST', url, headers: { ...auth, prefer: 'respond-async' }, payload: { inputs: { epoch_a: 'a.tif', epoch_b: 'b.tif', threshold: 'otsu' } } });
    expect(otsu.statusCode).toBe(201);
    expect(jobs.submitted.at(-1)!.params.threshold).toBe('otsu');
    const form = await app.inject({ method: 'POST', url, headers: { ...auth, 'content-type': 'text/plain' }, payload: 'inputs' });
    expect(form.statusCode).toBe(415);
  });

  it('refuses paths outside the data roots with 403 before submitting anything', async () => {
    const before = jobs.submitted.length;
    for (const p of ['../outside.tif', '/etc/passwd', `${root}/../x.tif`, 'sub/../../x.tif']) {
      const r = await app.inject({ method: 'POST', url: '/processes/change-detection/execution', headers: auth, payload: { inputs: { epoch_a: p, epoch_b: 'b.tif' } } });
      expect(r.statusCode, p).toBe(403);
      expect(json(r).code).toBe('E_API_FORBIDDEN');
    }
    expect(jobs.submitted.length).toBe(before);
  });

  it('publishes an OpenAPI 3.0 document listing every route', async () => {
    const r = await app.inject({ url: '/api' });
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toMatch(/^application\/vnd\.oai\.openapi\+json/);
    const doc = json(r) as { openapi: string; paths: Record<string, Record<string, { security: unknown[]; parameters: Array<{ name: string; in: string }> }>> };
    expect(doc.openapi).toMatch(/^3\.0\./);
    const want = ['get /', 'get /conformance', 'get /api', 'get /api.html', 'get /processes', 'get /processes/{processId}',
      'post /processes/change-detection/execution', 'post /processes/landuse-transition/execution', 'get /jobs', 'get /jobs/{jobId}',
      'delete /jobs/{jobId}', 'get /jobs/{jobId}/results', 'get /jobs/{jobId}/files/{name}', 'get /collections', 'get /collections/{collectionId}',
      'get /collections/{collectionId}/items', 'get /collections/{collectionId}/items/{featureId}'];
    const have = Object.entries(doc.paths).flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m} ${p}`));
    expect(have).toEqual(expect.arrayContaining(want));
    for (const [p, ops] of Object.entries(doc.paths)) {
      for (const op of Object.values(ops)) {
        for (const name of [...p.matchAll(/\{(\w+)\}/g)].map((m) => m[1])) {
          expect(op.parameters.some((x) => x.in === 'path' && x.name === name), `${p} declares ${name}`).toBe(true);
        }
      }
    }
    expect(doc.paths['/jobs/{jobId}']!.delete!.security).toEqual([{ bearerAuth: [] }]);
    expect(doc.paths['/collections/{collectionId}/items']!.get!.parameters.map((x) => x.name)).toEqual(expect.arrayContaining(['bbox', 'limit', 'offset', 'change_type', 'min_area']));
    const html = await app.inject({ url: '/api.html' });
    expect(html.body).toContain('/collections/{collectionId}/items');
  });

  it('turns an unexpected error into a 500 with a request id and no stack', async () => {
    const broken = buildServer({
      jobs, dataRoots: [root], token: null, readPublic: true,
      features: { listCollections: () => Promise.reject(new Error('secret internal detail at /srv/x.ts:12')), queryItems: async () => null, getItem: async () => null },
    });
    const r = await broken.inject({ url: '/collections' });
    expect(r.statusCode).toBe(500);
    const p = json(r);
    expect(p).toMatchObject({ code: 'E_API_INTERNAL', status: 500 });
    expect(p.requestId).toBe(r.headers['x-request-id']);
    expect(r.body).not.toContain('secret');
    expect(r.body).not.toContain('.ts:');
    await broken.close();
  });
});
