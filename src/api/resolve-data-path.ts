import { realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { JobError } from '../jobs/jobs-error.ts';
import { ApiError } from './api-error.ts';

export type PathKind = 'file' | 'dir';

function isInside(root: string, p: string): boolean {
  const rel = path.relative(root, p);
  if (rel === '') return true;
  return rel !== '..' && !rel.startsWith(`..${path.sep}`) && !path.isAbsolute(rel);
}

function errnoCode(err: unknown): string | undefined {
  return typeof err === 'object' && err !== null && 'code' in err && typeof err.code === 'string' ? err.code : undefined;
}

/**
 * Resolve a client-supplied path to an absolute real path inside one of the data roots, or refuse.
 * A relative path is tried against each root in order; an absolute one must lie under a root.
 * Two gates: the lexical one (`path.resolve`, so `..` cannot climb out) runs before any file-system call,
 * and the real one (`fs.realpath` of both path and root) stops symlinks that point outside. Only
 * metadata is touched (realpath, stat); the file is never opened here.
 * @throws ApiError E_API_FORBIDDEN (403) outside the roots, JobError E_JOB_INPUT (400) malformed or missing
 */
export async function resolveDataPath(input: string, roots: readonly string[], kind: PathKind, inputName: string): Promise<string> {
  if (input.length === 0 || input.length > 4096 || input.includes('\0')) {
    throw new JobError('E_JOB_INPUT', `${inputName}: not a usable path`, { input: inputName });
  }
  const lexRoots = roots.map((r) => path.resolve(r));
  const candidates = path.isAbsolute(input) ? [path.resolve(input)] : lexRoots.map((r) => path.resolve(r, input));
  const inside = candidates.filter((c) => lexRoots.some((r) => isInside(r, c)));
  if (inside.length === 0) {
    throw new ApiError('E_API_FORBIDDEN', `${inputName}: path is outside the data roots`, { input: inputName, file: input });
  }
  const realRoots: string[] = [];
  for (const r of lexRoots) {
    try {
      realRoots.push(await realpath(r));
    } catch {
      // a root that does not exist holds nothing; skip it
    }
  }
  for (const candidate of inside) {
    let real: string;
    try {
      real = await realpath(candidate);
    } catch (err) {
      const code = errnoCode(err);
      if (code === 'ENOENT' || code === 'ENOTDIR') continue;
      throw new JobError('E_JOB_INPUT', `${inputName}: cannot resolve path (${code ?? 'error'})`, { input: inputName, file: input });
    }
    if (!realRoots.some((r) => isInside(r, real))) {
      throw new ApiError('E_API_FORBIDDEN', `${inputName}: path resolves outside the data roots`, { input: inputName, file: input });
    }
    const st = await stat(real);
    if (kind === 'file' ? !st.isFile() : !st.isDirectory()) {
      throw new JobError('E_JOB_INPUT', `${inputName}: not a ${kind === 'file' ? 'regular file' : 'directory'}`, { input: inputName, file: input });
    }
    return real;
  }
  throw new JobError('E_JOB_INPUT', `${inputName}: no such ${kind === 'file' ? 'file' : 'directory'} under the data roots`, { input: inputName, file: input });
}
