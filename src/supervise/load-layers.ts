import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import { inferLayerKind, type LayerKind } from './layer-kind.ts';
import type { Layer } from './layer-types.ts';
import { parseGeoJsonLayer } from './parse-geojson-layer.ts';
import { SuperviseError } from './supervise-error.ts';

export interface LoadLayersOptions {
  /** kind per file stem, for files whose name does not say it */
  kinds?: Record<string, LayerKind>;
  repair?: boolean;
}

export interface LoadedLayers {
  layers: Layer[];
  /** files in the folder that are not layers (no kind from the name, not GeoJSON) */
  skipped: Array<{ file: string; reason: string }>;
}

const GEOJSON_EXT = new Set(['.geojson', '.json']);

/**
 * Every GeoJSON layer of a folder (or the given files), in file-name order. A file named for no layer
 * kind is skipped with a reason (a folder may hold other JSON); a given file without a kind is an error.
 */
export async function loadLayers(source: string | readonly string[], opts: LoadLayersOptions = {}): Promise<LoadedLayers> {
  let files: string[];
  const explicit = typeof source !== 'string';
  if (typeof source === 'string') {
    let isDir: boolean;
    try {
      isDir = (await stat(source)).isDirectory();
    } catch {
      throw new SuperviseError('E_SUPERVISE_LAYER', `${source}: no such layers folder or file`, { file: source });
    }
    files = isDir ? (await readdir(source)).sort().map((f) => join(source, f)) : [source];
  } else files = [...source];

  const layers: Layer[] = [];
  const skipped: LoadedLayers['skipped'] = [];
  const names = new Set<string>();
  for (const file of files) {
    const ext = extname(file).toLowerCase();
    const name = basename(file, extname(file));
    if (!GEOJSON_EXT.has(ext)) {
      skipped.push({ file, reason: `not a GeoJSON file (${ext || 'no extension'})` });
      continue;
    }
    if (name === 'manifest' || name === 'package') {
      skipped.push({ file, reason: 'not a layer' });
      continue;
    }
    const kind = opts.kinds?.[name] ?? inferLayerKind(file);
    if (kind === null) {
      if (explicit || typeof source === 'string' && files.length === 1) {
        throw new SuperviseError('E_SUPERVISE_LAYER', `${file}: cannot tell the layer kind from the file name; name it e.g. ecological_redline.geojson or give the kind`, { file });
      }
      skipped.push({ file, reason: 'file name names no layer kind' });
      continue;
    }
    if (names.has(name)) throw new SuperviseError('E_SUPERVISE_LAYER', `${file}: a second layer named ${name}`, { file });
    names.add(name);
    layers.push(await loadLayerFile(file, { name, kind, repair: opts.repair }));
  }
  return { layers, skipped };
}

/** Largest GeoJSON layer file read: JSON.parse needs several times the file size in memory. */
const DEFAULT_MAX_LAYER_MB = 256;

function maxLayerBytes(): number {
  const mb = Number(process.env.LANDWATCH_MAX_LAYER_MB);
  return (Number.isFinite(mb) && mb > 0 ? mb : DEFAULT_MAX_LAYER_MB) * 2 ** 20;
}

/** One GeoJSON layer file. */
export async function loadLayerFile(file: string, opts: { name?: string; kind: LayerKind; repair?: boolean }): Promise<Layer> {
  let text: string;
  try {
    const { size } = await stat(file);
    const limit = maxLayerBytes();
    if (size > limit) {
      throw new SuperviseError(
        'E_SUPERVISE_LAYER',
        `${file}: ${(size / 2 ** 20).toFixed(1)} MiB is too large for a GeoJSON layer (limit ${(limit / 2 ** 20).toFixed(0)} MiB, ` +
          'LANDWATCH_MAX_LAYER_MB: the file is parsed whole) — split it by area, or raise the limit if the memory is there',
        { file, bytes: size },
      );
    }
    text = await readFile(file, 'utf8');
  } catch (err) {
    if (err instanceof SuperviseError) throw err;
    throw new SuperviseError('E_SUPERVISE_LAYER', `${file}: cannot read: ${(err as Error).message}`, { file });
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    throw new SuperviseError('E_SUPERVISE_LAYER', `${file}: not valid JSON: ${(err as Error).message}`, { file });
  }
  return parseGeoJsonLayer(doc, { file, name: opts.name ?? basename(file, extname(file)), kind: opts.kind, repair: opts.repair });
}
