import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadRemap } from '../jobs/detect-inputs.ts';
import { parseExecuteBody } from './parse-execute.ts';
import { findProcess } from './process-catalog.ts';

const root = mkdtempSync(path.join(tmpdir(), 'lw-exec-'));
mkdirSync(path.join(root, 'lu'));
for (const f of ['a.tif', 'b.tif']) writeFileSync(path.join(root, 'lu', f), '');
writeFileSync(path.join(root, 'my-remap.json'), '{"map": {"1": "01"}}');
const proc = findProcess('landuse-transition');

describe('parseExecuteBody: remap', () => {
  it('takes a built-in table name as that table (never a file next to the server), a path as a file under a data root', async () => {
    if (!proc) throw new Error('process missing');
    const inputs = { landuse_a: 'lu/a.tif', landuse_b: 'lu/b.tif' };
    const named = await parseExecuteBody(proc, { inputs: { ...inputs, remap: 'esa-worldcover' } }, [root], root);
    expect(named.remapFile).toBe('builtin:esa-worldcover');
    await expect(loadRemap(named.remapFile as string)).resolves.toMatchObject({ table: expect.any(Int16Array) });
    const file = await parseExecuteBody(proc, { inputs: { ...inputs, remap: 'my-remap.json' } }, [root], root);
    expect(file.remapFile).toBe(path.join(root, 'my-remap.json'));
    await expect(parseExecuteBody(proc, { inputs: { ...inputs, remap: 'no-such-table' } }, [root], root)).rejects.toMatchObject({ message: expect.stringMatching(/remap: no such file .*no built-in table is named "no-such-table" \(built-in: esa-worldcover/) });
  });

  it('rejects an unknown builtin: name naming the tables there are', async () => {
    await expect(loadRemap('builtin:nope')).rejects.toMatchObject({ code: 'E_JOB_INPUT', message: expect.stringContaining('esa-worldcover') });
  });
});
