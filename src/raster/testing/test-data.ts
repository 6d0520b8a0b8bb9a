import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Test support: where the shared test data lives, and whether the GDAL oracle is installed. */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const dataDir = path.resolve(repoRoot, '../shared/data');
export const hasData = existsSync(dataDir);

export const hasGdal = ((): boolean => {
  try {
    execFileSync('gdalinfo', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

/** Runs a GDAL command-line tool quietly; throws with its stderr on failure. */
export function gdal(tool: string, args: string[]): void {
  execFileSync(tool, args, { stdio: ['ignore', 'ignore', 'pipe'] });
}
