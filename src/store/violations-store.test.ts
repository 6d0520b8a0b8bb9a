import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from './open-store.ts';

let store: Store;
beforeEach(async () => {
  store = await openStore(':memory:');
});
afterEach(() => store.close());

describe('violations store', () => {
  it('replaces a job’s rule hits and lists them by patch', async () => {
    await store.violations.replace('j1', [{ patchId: 'p9', ruleId: 'old', severity: 'low', message: null, evidence: null }]);
    await store.violations.replace('j1', [
      { patchId: 'p2', ruleId: 'farmland-to-construction', severity: 'high', message: 'outside approvals', evidence: { overlapM2: 1200 } },
      { patchId: 'p1', ruleId: 'red-line', severity: 'high', message: null, evidence: null },
    ]);
    const all = await store.violations.list('j1');
    expect(all.map((v) => [v.patchId, v.ruleId])).toEqual([
      ['p1', 'red-line'],
      ['p2', 'farmland-to-construction'],
    ]);
    expect((await store.violations.list('j1', { patchId: 'p2' }))[0]).toMatchObject({ evidence: { overlapM2: 1200 }, severity: 'high' });
  });
});
