// A TypeScript entry point as one plain-JS ESM file, bundled by esbuild into node_modules/.cache/landwatch,
// so the CLI and the tile workers start without a TypeScript loader (tsx transpiles every file on each
// start: ~0.8 s). The bundle is reused while no source file changed (a fingerprint of the paths, sizes and
// mtimes of src/, workers/ and bench/lib/) and rebuilt otherwise, so stale code never runs. Plain JS: it runs before
// any loader is registered.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CACHE_DIR = join(ROOT, 'node_modules', '.cache', 'landwatch');
const require = createRequire(import.meta.url);

/** Hash of every source file's path, size and mtime (a few ms for the whole tree). */
function sourceFingerprint() {
  const h = createHash('sha256').update(ROOT); // bundles embed absolute module URLs
  const walk = (dir) => {
    for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else {
        const s = statSync(p);
        h.update(`${relative(ROOT, p)}\0${s.size}\0${s.mtimeMs}\n`);
      }
    }
  };
  for (const d of ['src', 'workers', 'bench/lib']) walk(join(ROOT, d));
  h.update(readFileSync(join(ROOT, 'package-lock.json')));
  return h.digest('hex').slice(0, 16);
}

// Modules find their data files (SQL, rules, viewer) relative to import.meta.url: keep each module's own URL.
const keepMetaUrl = {
  name: 'keep-import-meta-url',
  setup(build) {
    build.onLoad({ filter: /\.m?[jt]s$/ }, (args) => {
      const src = readFileSync(args.path, 'utf8');
      const url = JSON.stringify(pathToFileURL(args.path).href);
      return { contents: src.includes('import.meta.url') ? src.replaceAll('import.meta.url', url) : src, loader: args.path.endsWith('.ts') ? 'ts' : 'js' };
    });
  },
};

/** Bundles of `name` for other sources, unused for a day (a running process may still load a recent one's chunks). */
function removeOldBundles(name, keep) {
  const dayAgo = Date.now() - 24 * 3600 * 1000;
  for (const e of readdirSync(CACHE_DIR)) {
    if (!e.startsWith(`${name}-`) || e === keep) continue;
    const p = join(CACHE_DIR, e);
    try {
      if (statSync(p).mtimeMs < dayAgo) rmSync(p, { recursive: true, force: true });
    } catch {
      // another process removed it
    }
  }
}

/**
 * The file URL of the bundle of `entry` (a path relative to the repo root), built if needed, or null when
 * esbuild is unavailable or fails (the caller falls back to tsx). LANDWATCH_NO_BUNDLE=1 disables it.
 */
export async function bundledEntry(entry, name) {
  if (process.env.LANDWATCH_NO_BUNDLE === '1') return null;
  try {
    const dir = join(CACHE_DIR, `${name}-${sourceFingerprint()}`);
    const main = join(dir, 'main.mjs');
    if (!existsSync(main)) {
      // split at dynamic imports, so a command loads only the packages it uses (fastify, sharp, … stay unloaded)
      const { build } = await import('esbuild');
      const tmp = `${dir}.${process.pid}.tmp`;
      await build({
        entryPoints: { main: join(ROOT, entry) },
        bundle: true,
        splitting: true,
        format: 'esm',
        platform: 'node',
        target: 'node20',
        packages: 'external',
        outdir: tmp,
        outExtension: { '.js': '.mjs' },
        logLevel: 'silent',
        plugins: [keepMetaUrl],
      });
      mkdirSync(dirname(dir), { recursive: true });
      try {
        renameSync(tmp, dir);
      } catch (err) {
        // another process won the race with the same content
        if (!existsSync(main)) throw err;
      }
      removeOldBundles(name, `${name}-${dirname(main).split('-').pop()}`);
    }
    return pathToFileURL(main).href;
  } catch {
    return null;
  }
}

/**
 * The same for a worker entry, synchronously and as one file (no dynamic imports to split): the URL of the
 * cached bundle, or null (the caller falls back to tsx) — also when a bundled module reads import.meta.url.
 */
export function bundledFileSync(entry, name) {
  if (process.env.LANDWATCH_NO_BUNDLE === '1') return null;
  try {
    const file = join(CACHE_DIR, `${name}-${sourceFingerprint()}.mjs`);
    if (!existsSync(file)) {
      const out = require('esbuild').buildSync({
        entryPoints: [join(ROOT, entry)],
        bundle: true,
        format: 'esm',
        platform: 'node',
        target: 'node20',
        packages: 'external',
        write: false,
        logLevel: 'silent',
      });
      // buildSync takes no plugins, so module URLs cannot be kept: an entry whose modules need theirs runs on tsx
      if (out.outputFiles[0].text.includes('import.meta.url')) return null;
      mkdirSync(dirname(file), { recursive: true });
      const tmp = `${file}.${process.pid}.tmp`;
      writeFileSync(tmp, out.outputFiles[0].contents);
      renameSync(tmp, file);
      removeOldBundles(name, file.split('/').pop());
    }
    return pathToFileURL(file).href;
  } catch {
    return null;
  }
}
