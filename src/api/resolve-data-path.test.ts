import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, realpath, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { FakeFeatureSource } from './fakes/fake-feature-source.ts';
import { FakeJobService } from './fakes/fake-job-service.ts';
import { resolveDataPath } from './resolve-data-path.ts';
import { buildServer } from './server.ts';

function hasMkfifo(): boolean {
  try {
    execFileSync('mkfifo', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'resolved';
  } catch (err) {
    return (err as { code?: string }).code ?? 'no code';
  }
}

describe('resolveDataPath', () => {
  let base: string;
  let root: string;
  let root2: string;
  let outside: string;

  beforeAll(async () => {
    base = await realpath(await mkdtemp(path.join(tmpdir(), 'lw-roots-')));
    root = path.join(base, 'data');
    root2 = path.join(base, 'more');
    outside = path.join(base, 'secret');
    for (const d of [root, path.join(root, 'sub'), root2, outside]) await mkdir(d, { recursive: true });
    await writeFile(path.join(root, 'a.tif'), 'A');
    await writeFile(path.join(root2, 'c.tif'), 'C');
    await writeFile(path.join(outside, 'x.tif'), 'X');
    await writeFile(path.join(base, 'data-evil.tif'), 'E');
    await symlink(path.join(outside, 'x.tif'), path.join(root, 'escape.tif'));
    await symlink(outside, path.join(root, 'escape-dir'));
    await symlink(path.join(root, 'a.tif'), path.join(root, 'sub', 'inner-link.tif'));
  });
  afterAll(async () => {
    await rm(base, { recursive: true, force: true });
  });

  it('resolves relative paths against the roots in order, and absolute paths under a root', async () => {
    expect(await resolveDataPath('a.tif', [root, root2], 'file', 'epoch_a')).toBe(path.join(root, 'a.tif'));
    expect(await resolveDataPath('c.tif', [root, root2], 'file', 'epoch_a')).toBe(path.join(root2, 'c.tif'));
    expect(await resolveDataPath(path.join(root, 'sub', '..', 'a.tif'), [root], 'file', 'epoch_a')).toBe(path.join(root, 'a.tif'));
    expect(await resolveDataPath('sub/inner-link.tif', [root], 'file', 'epoch_a')).toBe(path.join(root, 'a.tif'));
    expect(await resolveDataPath('sub', [root], 'dir', 'layers')).toBe(path.join(root, 'sub'));
  });

  it('refuses .. escapes, absolute paths elsewhere and sibling-prefix tricks with E_API_FORBIDDEN', async () => {
    for (const p of ['../secret/x.tif', 'sub/../../secret/x.tif', path.join(outside, 'x.tif'), `${root}-evil.tif`, '/etc/passwd']) {
      expect(await codeOf(resolveDataPath(p, [root], 'file', 'epoch_a')), p).toBe('E_API_FORBIDDEN');
    }
  });

  it('refuses symlinks that point outside the roots, for files and folders', async () => {
    expect(await codeOf(resolveDataPath('escape.tif', [root], 'file', 'epoch_a'))).toBe('E_API_FORBIDDEN');
    expect(await codeOf(resolveDataPath('escape-dir/x.tif', [root], 'file', 'epoch_a'))).toBe('E_API_FORBIDDEN');
    expect(await codeOf(resolveDataPath('escape-dir', [root], 'dir', 'layers'))).toBe('E_API_FORBIDDEN');
  });

  it('answers E_JOB_INPUT for missing files, wrong kinds and unusable strings', async () => {
    expect(await codeOf(resolveDataPath('nope.tif', [root], 'file', 'epoch_a'))).toBe('E_JOB_INPUT');
    expect(await codeOf(resolveDataPath('sub', [root], 'file', 'epoch_a'))).toBe('E_JOB_INPUT');
    expect(await codeOf(resolveDataPath('a.tif', [root], 'dir', 'layers'))).toBe('E_JOB_INPUT');
    expect(await codeOf(resolveDataPath('a\0.tif', [root], 'file', 'epoch_a'))).toBe('E_JOB_INPUT');
    expect(await codeOf(resolveDataPath('', [root], 'file', 'epoch_a'))).toBe('E_JOB_INPUT');
  });

  // a FIFO blocks whoever opens it, so these tests would hang (and time out) if the file were read
  it.skipIf(!hasMkfifo())('never opens the target: FIFOs inside and behind an escaping symlink are refused at once', async () => {
    execFileSync('mkfifo', [path.join(root, 'pipe.tif')]);
    execFileSync('mkfifo', [path.join(outside, 'pipe.tif')]);
    await symlink(path.join(outside, 'pipe.tif'), path.join(root, 'escape-pipe.tif'));
    expect(await codeOf(resolveDataPath('pipe.tif', [root], 'file', 'epoch_a'))).toBe('E_JOB_INPUT');
    expect(await codeOf(resolveDataPath('escape-pipe.tif', [root], 'file', 'epoch_a'))).toBe('E_API_FORBIDDEN');
  }, 5000);

  describe('through POST /processes/change-detection/execution', () => {
    let app: FastifyInstance;
    const jobs = new FakeJobService();
    beforeAll(() => {
      app = buildServer({ jobs, features: new FakeFeatureSource([]), dataRoots: [root], token: null, readPublic: true });
    });
    afterAll(async () => {
      jobs.close();
      await app.close();
    });

    it('answers 403 problem+json for a symlink escape and submits nothing', async () => {
      const r = await app.inject({ method: 'POST', url: '/processes/change-detection/execution', payload: { inputs: { epoch_a: 'a.tif', epoch_b: 'escape.tif' } } });
      expect(r.statusCode).toBe(403);
      expect(r.headers['content-type']).toMatch(/^application\/problem\+json/);
      const p = JSON.parse(r.body) as { code: string; detail: string };
      expect(p.code).toBe('E_API_FORBIDDEN');
      expect(p.detail).toContain('epoch_b');
      expect(r.body).not.toContain(outside);
      expect(jobs.submitted.length).toBe(0);
    });

    it('writes outputs under <first root>/../jobs by default', async () => {
      const r = await app.inject({ method: 'POST', url: '/processes/change-detection/execution', headers: { prefer: 'respond-async' }, payload: { inputs: { epoch_a: 'a.tif', epoch_b: 'a.tif' } } });
      expect(r.statusCode).toBe(201);
      expect(path.dirname(jobs.submitted[0]!.params.outDir)).toBe(path.join(base, 'jobs'));
    });
  });
});
