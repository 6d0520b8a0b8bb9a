import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../../src/api/server.ts';
import { storeFeatureSource } from '../../src/api/store-feature-source.ts';
import { leafletDistDir } from '../../src/api/routes/viewer.ts';
import { createViewerService } from '../../src/report/index.ts';
import { makeSampleJob, type SampleJob } from '../../src/report/testing-sample-job.ts';

/**
 * The viewer in real headless Chromium against a server holding a finished sample job. Needs
 * playwright-core, /usr/bin/chromium (or LANDWATCH_CHROMIUM) and Leaflet; skips cleanly without them.
 */
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const artifacts = path.join(repoRoot, 'test-artifacts');
const chromiumPath = process.env.LANDWATCH_CHROMIUM ?? '/usr/bin/chromium';
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** The few playwright-core calls used here (typed locally: the package is optional). Page code goes as strings. */
interface PwLocator {
  textContent(): Promise<string | null>;
  count(): Promise<number>;
  first(): PwLocator;
  getAttribute(name: string): Promise<string | null>;
  click(): Promise<void>;
  screenshot(opts?: { path?: string }): Promise<Buffer>;
}
interface PwPage {
  goto(url: string): Promise<unknown>;
  waitForSelector(sel: string, opts?: { timeout?: number }): Promise<unknown>;
  waitForFunction(expr: string, arg?: unknown, opts?: { timeout?: number }): Promise<unknown>;
  evaluate(expr: string): Promise<unknown>;
  locator(sel: string): PwLocator;
  screenshot(opts?: { path?: string }): Promise<Buffer>;
  fill(sel: string, value: string): Promise<void>;
  click(sel: string): Promise<void>;
}
interface PwBrowser {
  newPage(opts?: { viewport?: { width: number; height: number } }): Promise<PwPage>;
  close(): Promise<void>;
}
interface Playwright {
  chromium: { launch(opts: { executablePath: string; args: string[] }): Promise<PwBrowser> };
}

async function loadPlaywright(): Promise<Playwright | null> {
  // LANDWATCH_PLAYWRIGHT: path of a playwright-core index.mjs outside this repo's node_modules
  for (const spec of ['playwright-core', process.env.LANDWATCH_PLAYWRIGHT]) {
    if (!spec) continue;
    try {
      const mod = (await import(spec)) as Partial<Playwright>;
      if (mod.chromium) return mod as Playwright;
    } catch {
      // try the next place
    }
  }
  return null;
}

const pw = await loadPlaywright();
const ready = pw !== null && existsSync(chromiumPath) && leafletDistDir() !== null;

describe.skipIf(!ready)('viewer in headless Chromium', () => {
  const tmp = mkdtempSync(path.join(tmpdir(), 'landwatch-viewer-'));
  let job: SampleJob;
  let app: FastifyInstance;
  let base = '';
  let browser: PwBrowser;
  let page: PwPage;
  let reviewRoute = false;

  beforeAll(async () => {
    mkdirSync(artifacts, { recursive: true });
    job = await makeSampleJob(tmp);
    app = buildServer({ jobs: job.jobs, features: storeFeatureSource(job.store), viewer: createViewerService({ store: job.store }), reviews: job.store.reviews, dataRoots: [tmp], token: null, readPublic: true });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const addr = app.server.address();
    if (addr === null || typeof addr === 'string') throw new Error('no TCP address');
    base = `http://127.0.0.1:${addr.port}`;
    // the review route is another engineer's; the review step runs once it is registered
    const probe = await app.inject({ method: 'POST', url: `/collections/${job.jobId}/items/none/review`, payload: {} });
    reviewRoute = !(probe.statusCode === 404 && String(probe.json().detail ?? '').startsWith('no route'));
    browser = await pw!.chromium.launch({ executablePath: chromiumPath, args: FLAGS });
    page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.goto(`${base}/`);
    await page.waitForSelector(`body[data-loaded-job="${job.jobId}"]`, { timeout: 30_000 });
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await job?.close();
    rmSync(tmp, { recursive: true, force: true });
  });

  it('draws the map: imagery tiles load and the canvas of patch outlines is not blank', async () => {
    await page.waitForFunction("document.querySelectorAll('#map img.leaflet-tile-loaded').length >= 2", undefined, { timeout: 30_000 });
    const painted = await page.evaluate(`(() => {
      const c = document.querySelector('#map canvas');
      if (!c) return -1;
      const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
      let n = 0;
      for (let i = 3; i < d.length; i += 4) if (d[i] > 0) n++;
      return n;
    })()`);
    expect(painted).toBeGreaterThan(100);
    const shot = await page.locator('#map').screenshot({ path: path.join(artifacts, 'viewer-map.png') });
    const stats = await sharp(shot).stats();
    // a blank map is one flat colour; imagery has texture in every channel
    for (const ch of stats.channels.slice(0, 3)) expect(ch.stdev).toBeGreaterThan(10);
  });

  it('lists as many patches as DuckDB holds, largest first', async () => {
    const count = await job.store.patches.count(job.jobId);
    expect(count).toBeGreaterThan(0);
    expect(await page.locator('#patch-count').textContent()).toBe(String(count));
    expect(await page.locator('#patch-list li').count()).toBe(count);
    const all = (await job.store.patches.query(job.jobId, { limit: 10_000 })).patches.sort((a, b) => b.areaM2 - a.areaM2);
    expect(await page.locator('#patch-list li').first().getAttribute('data-patch-id')).toBe(all[0]!.id);
  });

  it('clicking a patch shows its attributes and before/after thumbnails', async () => {
    await page.locator('#patch-list li').first().click();
    await page.waitForSelector('#detail:not([hidden])');
    await page.waitForFunction("['#thumb-a', '#thumb-b'].every((s) => (document.querySelector(s)?.naturalWidth ?? 0) > 0)", undefined, { timeout: 20_000 });
    expect(await page.locator('#attrs').textContent()).toContain('m²');
    await page.screenshot({ path: path.join(artifacts, 'viewer-patch.png') });
  });

  it('a review click persists (read back through the API)', async (ctx) => {
    if (!reviewRoute) ctx.skip();
    const pid = await page.locator('#patch-list li.sel').getAttribute('data-patch-id');
    await page.fill('#review-form textarea[name=comment]', 'checked in the browser test');
    await page.fill('#review-form input[name=reviewer]', 'e2e');
    await page.click('#review-form button[data-status=confirmed]');
    await page.waitForFunction("/Confirm|确认/.test(document.querySelector('#review-msg')?.textContent ?? '')", undefined, { timeout: 10_000 });
    const res = await fetch(`${base}/collections/${job.jobId}/items/${pid}`, { headers: { accept: 'application/geo+json' } });
    const item = (await res.json()) as { properties: { review_status: string } };
    expect(item.properties.review_status).toBe('confirmed');
  });

  it('switches labels to Chinese', async () => {
    await page.click('#lang');
    expect(await page.locator('[data-i18n=patches]').textContent()).toBe('图斑');
    await page.screenshot({ path: path.join(artifacts, 'viewer-zh.png') });
  });
});
