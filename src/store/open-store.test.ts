import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore } from './open-store.ts';

const tmp = mkdtempSync(join(tmpdir(), 'landwatch-open-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('openStore', () => {
  it('creates the parent folder, persists across reopen and releases the file on close', async () => {
    const file = join(tmp, 'a', 'b', 'store.duckdb');
    const first = await openStore(file);
    expect(first.path).toBe(file);
    await first.thresholds.save({ jobId: 'j', method: 'otsu', value: 3, histogram: null, spec: null });
    await first.close();
    await first.close();
    const again = await openStore(file);
    try {
      expect((await again.thresholds.get('j', 'otsu'))?.value).toBe(3);
    } finally {
      await again.close();
    }
  });

  it('lets pending operations finish before closing, then refuses new ones', async () => {
    const store = await openStore(':memory:');
    const pending = store.thresholds.save({ jobId: 'j', method: 'otsu', value: 1, histogram: null, spec: null });
    const closing = store.close();
    await expect(pending).resolves.toBeUndefined();
    await closing;
    await expect(store.jobs.get('j')).rejects.toMatchObject({ code: 'E_STORE_CLOSED' });
  });

  it('names the file it cannot open', async () => {
    const notADir = join(tmp, 'plain-file');
    writeFileSync(notADir, 'x');
    await expect(openStore(join(notADir, 'store.duckdb'))).rejects.toMatchObject({
      code: 'E_STORE_OPEN',
      details: { file: join(notADir, 'store.duckdb') },
    });
  });
});
