import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { tileWorkerUrl } from './worker-bundle.ts';

const exportsOf = (rel: string) =>
  [...readFileSync(fileURLToPath(new URL(rel, import.meta.url)), 'utf8').matchAll(/^export const (\w+)/gm)].map((m) => m[1]).sort();

describe('tile worker entry', () => {
  it('is a cached plain-JS bundle exporting every handler', async () => {
    const url = tileWorkerUrl();
    expect(url).toMatch(/node_modules\/\.cache\/landwatch\/tile-worker-[0-9a-f]{16}\.mjs$/);
    const mod = (await import(url)) as Record<string, unknown>;
    expect(Object.keys(mod).sort()).toEqual(exportsOf('../../workers/tile-worker.ts'));
  });

  it('has a tsx fallback (workers/boot.mjs) that re-exports the same handlers', () => {
    expect(exportsOf('../../workers/boot.mjs')).toEqual(exportsOf('../../workers/tile-worker.ts'));
  });
});
