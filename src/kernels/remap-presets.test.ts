import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REMAP_PRESETS } from './remap-presets.ts';

describe('docs/landuse-codes.md', () => {
  it('prints every built-in remap table exactly as the code holds it', () => {
    const doc = readFileSync(path.resolve(import.meta.dirname, '../../docs/landuse-codes.md'), 'utf8');
    for (const p of REMAP_PRESETS) {
      const start = doc.indexOf(`### \`${p.name}\``);
      expect(start, p.name).toBeGreaterThanOrEqual(0);
      const end = doc.indexOf('\n### ', start + 1);
      const section = doc.slice(start, end < 0 ? undefined : end);
      const rows = [...section.matchAll(/^\| (\d+) \| (\d\d|excluded)/gm)].map((m) => [m[1], m[2] === 'excluded' ? null : m[2]]);
      expect(Object.fromEntries(rows), p.name).toEqual(p.map);
    }
  });
});
