import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../store/index.ts';
import { testPatches } from '../../store/test-patches.ts';
import { parseGeoJsonLayer, SiteChecker, loadRules } from '../../supervise/index.ts';
import { FakeFeatureSource } from '../fakes/fake-feature-source.ts';
import { FakeJobService } from '../fakes/fake-job-service.ts';
import { buildServer } from '../server.ts';

const TOKEN = 'rev-token';
const auth = { authorization: `Bearer ${TOKEN}` };
const json = (res: LightMyRequestResponse) => JSON.parse(res.body) as Record<string, unknown>;

const sq = (x: number, y: number, d: number) => [[x, y], [x + d, y], [x + d, y + d], [x, y + d], [x, y]];

describe('review and check-site routes', () => {
  let root: string;
  let store: Store;
  let app: FastifyInstance;
  const jobs = new FakeJobService();
  let patchId: string;

  beforeAll(async () => {
    root = await mkdtemp(path.join(tmpdir(), 'lw-rev-'));
    store = await openStore(':memory:');
    const patches = testPatches(3, 5);
    await store.patches.insertMany('job-r', patches);
    patchId = patches[0].id;
    const redline = parseGeoJsonLayer(
      { type: 'FeatureCollection', features: [{ type: 'Feature', properties: { id: 'R1' }, geometry: { type: 'Polygon', coordinates: [sq(119.8, 31.3, 0.01)] } }] },
      { file: 'ecological_redline.geojson', name: 'ecological_redline', kind: 'ecological_redline' },
    );
    const siteChecker = new SiteChecker([redline], await loadRules());
    app = buildServer({ jobs, features: new FakeFeatureSource([]), dataRoots: [root], token: TOKEN, readPublic: true, reviews: store.reviews, siteChecker });
    await app.ready();
  });
  afterAll(async () => {
    jobs.close();
    await app.close();
    await store.close();
    await rm(root, { recursive: true, force: true });
  });

  const url = (p: string) => `/collections/job-r/items/${p}`;

  it('refuses a review without the token, with a bad status, on an unknown patch, or approval_ref without legal', async () => {
    expect((await app.inject({ method: 'POST', url: `${url(patchId)}/review`, payload: { status: 'confirmed' } })).statusCode).toBe(401);
    const bad = await app.inject({ method: 'POST', url: `${url(patchId)}/review`, headers: auth, payload: { status: 'approved' } });
    expect(bad.statusCode).toBe(400);
    const extra = await app.inject({ method: 'POST', url: `${url(patchId)}/review`, headers: auth, payload: { status: 'confirmed', colour: 'red' } });
    expect(extra.statusCode).toBe(400);
    const missing = await app.inject({ method: 'POST', url: `${url('nope')}/review`, headers: auth, payload: { status: 'confirmed' } });
    expect(missing.statusCode).toBe(404);
    expect(json(missing).code).toBe('E_STORE_NOT_FOUND');
    const ref = await app.inject({ method: 'POST', url: `${url(patchId)}/review`, headers: auth, payload: { status: 'confirmed', approval_ref: 'PZ-1' } });
    expect(ref.statusCode).toBe(400);
    expect((await store.reviews.history('job-r', patchId)).length).toBe(0);
  });

  it('keeps the full history under 40 concurrent decisions, chained by previous status', async () => {
    const statuses = ['confirmed', 'legal', 'false_detection', 'field_check'] as const;
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, i) => {
        const status = statuses[i % 4];
        return app.inject({
          method: 'POST',
          url: `${url(patchId)}/review`,
          headers: auth,
          payload: { status, reviewer: `r${i}`, comment: `decision ${i}`, ...(status === 'legal' ? { approval_ref: `PZ-${i}` } : {}) },
        });
      }),
    );
    expect(results.map((r) => r.statusCode)).toEqual(Array(40).fill(201));
    const res = await app.inject({ url: `${url(patchId)}/reviews` });
    expect(res.statusCode).toBe(200);
    const reviews = json(res).reviews as Array<{ reviewer: string; status: string; previousStatus: string | null; approvalRef: string | null }>;
    expect(reviews.length).toBe(40);
    expect(new Set(reviews.map((r) => r.reviewer)).size).toBe(40);
    expect(reviews[0].previousStatus).toBe('unreviewed');
    for (let i = 1; i < reviews.length; i++) expect(reviews[i].previousStatus).toBe(reviews[i - 1].status);
    for (const r of reviews) expect(r.approvalRef === null).toBe(r.status !== 'legal');
    const stored = await store.patches.get('job-r', patchId);
    expect(stored?.reviewStatus).toBe(reviews[39].status);
  });

  it('checks a site: overlap with the red line, holes and multipolygons, 400 with one line for bad input', async () => {
    const post = (payload: unknown) => app.inject({ method: 'POST', url: '/check-site', payload: payload as Record<string, unknown> });
    const half = await post({ type: 'Polygon', coordinates: [[[119.805, 31.3], [119.815, 31.3], [119.815, 31.31], [119.805, 31.31], [119.805, 31.3]]] });
    expect(half.statusCode).toBe(200);
    const body = json(half) as { areaM2: number; layers: Array<{ share: number }>; violations: Array<{ ruleId: string }> };
    expect(body.layers[0].share).toBeCloseTo(0.5, 3);
    expect(body.violations.map((v) => v.ruleId)).toEqual(['redline_violated']);
    expect((json(half).skippedRules as unknown[]).length).toBe(4);

    const multi = await post({
      type: 'Feature',
      properties: {},
      geometry: { type: 'MultiPolygon', coordinates: [[sq(119.801, 31.301, 0.004), sq(119.802, 31.302, 0.001)], [sq(119.9, 31.3, 0.001)]] },
    });
    expect(multi.statusCode).toBe(200);
    const m = json(multi) as { areaM2: number; layers: Array<{ overlapM2: number }> };
    expect(m.layers[0].overlapM2 / m.areaM2).toBeCloseTo(15 / 16, 3);

    const point = await post({ type: 'Point', coordinates: [1, 2] });
    expect(point.statusCode).toBe(400);
    const bow = await post({ type: 'Polygon', coordinates: [[[0, 0], [2, 2], [2, 0], [0, 2], [0, 0]]] });
    expect(bow.statusCode).toBe(400);
    expect(bow.headers['content-type']).toMatch(/problem\+json/);
    expect(String(json(bow).detail)).toMatch(/^geometry: exterior edge \d+ crosses exterior edge \d+/);
    const garbage = await post({ type: 'Feature', geometry: null });
    expect(garbage.statusCode).toBe(400);
  });

  it('documents the routes in the OpenAPI document, with the review POST behind the token', async () => {
    const doc = json(await app.inject({ url: '/api' })) as { paths: Record<string, Record<string, { security?: unknown[] }>> };
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/check-site', '/collections/{collectionId}/items/{featureId}/review', '/collections/{collectionId}/items/{featureId}/reviews']));
    expect(doc.paths['/collections/{collectionId}/items/{featureId}/review'].post.security).toBeDefined();
  });
});
