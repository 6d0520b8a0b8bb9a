import { existsSync, realpathSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeFeatureSource, gridPatches } from '../../src/api/fakes/fake-feature-source.ts';
import { FakeJobService } from '../../src/api/fakes/fake-job-service.ts';
import { buildServer } from '../../src/api/server.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const dataDir = path.resolve(repoRoot, '../shared/data');

describe.skipIf(!existsSync(dataDir))('api over a real socket', () => {
  let app: FastifyInstance;
  let base: string;
  let outRoot: string;
  const jobs = new FakeJobService({ acceptMs: 10, runMs: 20 });

  beforeAll(async () => {
    outRoot = await mkdtemp(path.join(tmpdir(), 'lw-socket-'));
    const features = new FakeFeatureSource([{ info: { id: 'job-0001', title: 'nanjing', bboxLonLat: [118.7, 32, 118.9, 32.2] }, features: gridPatches(10, 10, [118.7, 32], 0.02, 3) }]);
    app = buildServer({ jobs, features, dataRoots: [dataDir], token: 'sock', readPublic: true, outRoot });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const addr = app.server.address();
    if (addr === null || typeof addr === 'string') throw new Error('no TCP address');
    base = `http://127.0.0.1:${addr.port}`;
  });
  afterAll(async () => {
    jobs.close();
    await app.close();
    await rm(outRoot, { recursive: true, force: true });
  });

  it('executes on real shared-data epochs, polls over HTTP and pages the items', async () => {
    const res = await fetch(`${base}/processes/change-detection/execution`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer sock', prefer: 'respond-async' },
      body: JSON.stringify({ inputs: { epoch_a: 'real/nanjing/nanjing_2000.tif', epoch_b: path.join(dataDir, 'real/nanjing/nanjing_2002.tif') } }),
    });
    expect(res.status).toBe(201);
    const location = res.headers.get('location');
    expect(location).toMatch(new RegExp(`^${base}/jobs/`));
    // data roots are resolved through symlinks, so compare real paths
    expect(jobs.submitted[0]!.params.epochA).toBe(realpathSync(path.join(dataDir, 'real/nanjing/nanjing_2000.tif')));

    let status = '';
    for (let i = 0; i < 200 && status !== 'successful'; i++) {
      status = ((await (await fetch(location!)).json()) as { status: string }).status;
      if (status !== 'successful') await new Promise((r) => setTimeout(r, 5));
    }
    expect(status).toBe('successful');

    const items = await fetch(`${base}/collections/job-0001/items?limit=30`);
    expect(items.headers.get('content-type')).toMatch(/^application\/geo\+json/);
    const fc = (await items.json()) as { numberMatched: number; numberReturned: number; links: Array<{ rel: string; href: string }> };
    expect(fc).toMatchObject({ numberMatched: 100, numberReturned: 30 });
    const next = fc.links.find((l) => l.rel === 'next')!;
    const page2 = (await (await fetch(next.href)).json()) as { numberReturned: number };
    expect(page2.numberReturned).toBe(30);

    const escape = await fetch(`${base}/processes/change-detection/execution`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer sock' },
      body: JSON.stringify({ inputs: { epoch_a: 'real/nanjing/nanjing_2000.tif', epoch_b: '../../etc/passwd' } }),
    });
    expect(escape.status).toBe(403);
    expect(escape.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  });
});
