import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/**
 * The GDAL oracle as the benchmarks use it. python3-gdal and numpy live in the system interpreter
 * (/usr/bin/python3), not in a pyenv or venv python that may come first on PATH.
 */
export const SYSTEM_PYTHON = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';

export interface GdalTools {
  version: string;
  python: string;
}

let cached: GdalTools | null | undefined;

/** GDAL CLI version plus a python with osgeo and numpy, or null when either is missing. */
export function findGdal(): GdalTools | null {
  if (cached !== undefined) return cached;
  try {
    const version = execFileSync('gdalinfo', ['--version'], { encoding: 'utf8' }).trim();
    execFileSync(SYSTEM_PYTHON, ['-c', 'from osgeo import gdal, ogr; import numpy'], { stdio: 'ignore' });
    cached = { version, python: SYSTEM_PYTHON };
  } catch {
    cached = null;
  }
  return cached;
}

/** Environment for a GDAL child: its block cache and thread settings made explicit. */
export function gdalEnv(threads: 'default' | 'all'): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, GDAL_CACHEMAX: '512' };
  if (threads === 'all') env.GDAL_NUM_THREADS = 'ALL_CPUS';
  else delete env.GDAL_NUM_THREADS;
  return env;
}
