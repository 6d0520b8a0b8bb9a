import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { buildSync } from 'esbuild';

const root = fileURLToPath(new URL('../..', import.meta.url));
const entry = join(root, 'workers', 'tile-worker.ts');
const TSX_BOOT = pathToFileURL(join(root, 'workers', 'boot.mjs')).href;
let cached: string | null = null;

/**
 * The tile worker as one plain-JS ESM file, bundled with esbuild from workers/tile-worker.ts and named by
 * the hash of its content, so workers start without a TypeScript loader (tsx costs ~0.8 s of CPU per
 * worker) and a changed source can never run stale. Falls back to the tsx boot file if bundling fails.
 */
export function tileWorkerUrl(): string {
  if (cached) return cached;
  try {
    const out = buildSync({
      entryPoints: [entry],
      bundle: true,
      format: 'esm',
      platform: 'node',
      target: 'node20',
      packages: 'external',
      write: false,
      logLevel: 'silent',
    });
    const code = out.outputFiles[0].contents;
    const hash = createHash('sha256').update(code).digest('hex').slice(0, 16);
    // inside node_modules, so the bundle's bare imports resolve to this project's packages
    const file = join(root, 'node_modules', '.cache', 'landwatch', `tile-worker-${hash}.mjs`);
    if (!existsSync(file)) {
      mkdirSync(dirname(file), { recursive: true });
      const tmp = `${file}.${process.pid}.tmp`;
      writeFileSync(tmp, code);
      renameSync(tmp, file);
    }
    cached = pathToFileURL(file).href;
  } catch {
    cached = TSX_BOOT;
  }
  return cached;
}
