import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { bundledFileSync } from '../../bin/bundle-cache.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
const TSX_BOOT = pathToFileURL(join(root, 'workers', 'boot.mjs')).href;
let cached: string | null = null;

/**
 * The tile worker as one plain-JS ESM file (esbuild bundle of workers/tile-worker.ts, cached while the
 * sources are unchanged — see bin/bundle-cache.mjs), so workers start without a TypeScript loader (tsx
 * costs ~0.8 s of CPU per worker) and a changed source never runs stale. Falls back to the tsx boot file.
 */
export function tileWorkerUrl(): string {
  cached ??= bundledFileSync('workers/tile-worker.ts', 'tile-worker') ?? TSX_BOOT;
  return cached;
}
