import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../../src/api/server.ts';
import { storeFeatureSource } from '../../src/api/store-feature-source.ts';
import { createViewerService, lonLatToTile, writeTilePyramid } from '../../src/report/index.ts';
import { makeSampleJob, type SampleJob } from '../../src/report/testing-sample-job.ts';

const tmp = mkdtempSync(path.join(tmpdir(), 'landwatch-viewer-api-'));
let job: SampleJob;
let app: FastifyInstance;
let viewer: ReturnType<typeof createViewerService>;

beforeAll(async () => {
  job = await makeSampleJob(tmp);
  viewer = createViewerService({ store: job.store });
  app = buildServer({ jobs: job.jobs, features: storeFeatureSource(job.store), viewer, dataRoots: [tmp], token: 'tok', readPublic: true });
}, 120_000);

afterAll(async () => {
  await app?.close();
  await job?.close();
  rmSync(tmp, { recursive: true, force: true });
});

describe('viewer, tiles and report routes', () => {
  it('GET / serves the viewer to browsers and the landing JSON to clients', async () => {
    const html = await app.inject({ url: '/', headers: { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' } });
    expect(html.headers['content-type']).toMatch(/text\/html/);
    expect(html.body).toContain('id="map"');
    expect(html.body).not.toMatch(/src="https?:|href="https?:/); // no CDN
    const json = await app.inject({ url: '/', headers: { accept: 'application/json' } });
    expect(json.json().links.length).toBeGreaterThan(3);
  });

  it('serves viewer files and refuses paths outside the folder', async () => {
    expect((await app.inject('/viewer/app.js')).headers['content-type']).toMatch(/javascript/);
    expect((await app.inject('/viewer/..%2F..%2Fpackage.json')).statusCode).toBe(404);
    const legend = (await app.inject('/viewer/legend.json')).json();
    expect(legend.change.find((e: { code: number }) => e.code === 60).zh).toContain('仅地类变化');
  });

  it('lists the job layers with TileJSON, and renders tiles (transparent off the raster)', async () => {
    const res = await app.inject(`/jobs/${job.jobId}/layers`);
    expect(res.statusCode).toBe(200);
    const layers = res.json().layers as Array<{ id: string; boundsLonLat: number[]; maxzoom: number; tiles: string }>;
    expect(layers.map((l) => l.id.split(':').pop())).toEqual(['a', 'a-false', 'b', 'b-false', 'change', 'landuse-a', 'landuse-b']);
    const change = layers.find((l) => l.id.endsWith(':change'))!;
    const tj = (await app.inject(`/tiles/${encodeURIComponent(change.id)}/tilejson.json`)).json();
    expect(tj.tilejson).toBe('3.0.0');
    expect(tj.tiles[0]).toContain('/{z}/{x}/{y}.png');
    const b = change.boundsLonLat;
    const z = tj.maxzoom - 3;
    const [x, y] = lonLatToTile((b[0]! + b[2]!) / 2, (b[1]! + b[3]!) / 2, z);
    const png = await app.inject(`/tiles/${encodeURIComponent(`${job.jobId}:b`)}/${z}/${x}/${y}.png`);
    expect(png.headers['content-type']).toBe('image/png');
    const st = await sharp(png.rawPayload).stats();
    expect(st.channels[3]!.max).toBe(255);
    const off = await app.inject(`/tiles/${encodeURIComponent(`${job.jobId}:b`)}/${z}/${x + 40}/${y}.png`);
    expect((await sharp(off.rawPayload).stats()).channels[3]!.max).toBe(0);
    expect((await app.inject(`/tiles/${encodeURIComponent(`${job.jobId}:b`)}/3/9/0.png`)).statusCode).toBe(400);
    expect((await app.inject(`/tiles/nojob:b/3/1/1.png`)).statusCode).toBe(404);
    expect((await app.inject(`/tiles/${job.jobId}:zz/3/1/1.png`)).statusCode).toBe(404);
    // the cache serves the second request
    const before = viewer.tiles.cacheStats().hits;
    await app.inject(`/tiles/${encodeURIComponent(`${job.jobId}:b`)}/${z}/${x}/${y}.png`);
    expect(viewer.tiles.cacheStats().hits).toBe(before + 1);
  });

  it('serves before/after thumbnails of a patch, 404 for an unknown patch', async () => {
    const p = (await job.store.patches.query(job.jobId, { limit: 1 })).patches[0]!;
    for (const kind of ['a', 'b', 'change']) {
      const res = await app.inject(`/jobs/${job.jobId}/patches/${p.id}/thumb-${kind}.png`);
      expect(res.statusCode).toBe(200);
      expect((await sharp(res.rawPayload).metadata()).width).toBeGreaterThan(50);
    }
    expect((await app.inject(`/jobs/${job.jobId}/patches/nope/thumb-a.png`)).statusCode).toBe(404);
  });

  it('serves the HTML report', async () => {
    const res = await app.inject(`/jobs/${job.jobId}/report`);
    expect(res.headers['content-type']).toMatch(/text\/html/);
    expect(res.body).toContain('<section id="transitions">');
    expect((await app.inject('/jobs/nope/report')).statusCode).toBe(404);
  });

  it('writes a tile pyramid with TileJSON, skipping empty tiles', async () => {
    const out = path.join(tmp, 'pyr');
    const nz = (await viewer.tiles.layer(`${job.jobId}:change`)).raster.nativeZoom;
    const r = await writeTilePyramid(viewer.tiles, `${job.jobId}:change`, { minZoom: nz - 2, maxZoom: nz, outDir: out });
    expect(r.written).toBeGreaterThan(0);
    expect(r.written + r.empty).toBe(r.total);
    const files = readdirSync(out, { recursive: true }).filter((f) => String(f).endsWith('.png'));
    expect(files.length).toBe(r.written);
    expect(readdirSync(out)).toContain('tilejson.json');
  });
});
