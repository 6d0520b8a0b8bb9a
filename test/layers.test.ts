import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

/** Rooms in data-flow order: a module imports only from its own room or rooms to its left. */
const ROOMS = ['util', 'kernels', 'raster', 'pool', 'vector', 'store', 'supervise', 'sample', 'jobs', 'report', 'api', 'cli'];
const TOP = new Set(['report', 'api', 'cli']);
const root = new URL('..', import.meta.url).pathname;

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? files(p) : p.endsWith('.ts') && !p.endsWith('.test.ts') ? [p] : [];
  });
}

describe('room layering', () => {
  it('has no upward imports between rooms of src/', () => {
    const violations: string[] = [];
    for (const file of files(join(root, 'src'))) {
      const from = relative(join(root, 'src'), file).split('/')[0];
      const rank = ROOMS.indexOf(from);
      for (const m of readFileSync(file, 'utf8').matchAll(/^\s*(?:import|export)[^'"]*from\s+['"](\.[^'"]+)['"]/gm)) {
        const target = relative(join(root, 'src'), join(file, '..', m[1])).split('/')[0];
        if (target === from || !ROOMS.includes(target)) continue;
        const targetRank = ROOMS.indexOf(target);
        if (targetRank > rank || (TOP.has(target) && target !== from && from !== 'cli')) {
          violations.push(`${relative(root, file)} imports ${m[1]}`);
        }
      }
    }
    expect(violations).toEqual([]);
  });
});
