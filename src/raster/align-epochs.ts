import type { GeoTransform, RasterSource } from './raster-types.ts';
import { RasterError } from './raster-error.ts';

export interface EpochInput {
  /** what the file is to the user, e.g. 'epoch A', 'land use B' */
  role: string;
  src: RasterSource;
  /** imagery must also share the band count with the other imagery epochs */
  kind: 'imagery' | 'landuse';
}

const GEOTRANSFORM_RTOL = 1e-9;

/**
 * Checks that epochs share CRS, geotransform (relative tolerance 1e-9 of the pixel size), size and, among
 * imagery, band count and sample type. Throws one E_RASTER_ALIGN listing every difference per file against
 * the first input, so the user fixes everything in one go.
 */
export function alignEpochs(inputs: EpochInput[]): void {
  if (inputs.length < 2) return;
  const ref = inputs[0];
  const problems: string[] = [];
  const fixes: string[] = [];
  const firstImagery = inputs.find((i) => i.kind === 'imagery');
  for (const cur of inputs.slice(1)) {
    const diffs: string[] = [];
    const a = ref.src;
    const b = cur.src;
    if (a.width !== b.width || a.height !== b.height) diffs.push(`size ${b.width}×${b.height} ≠ ${a.width}×${a.height}`);
    if (a.geo.epsg !== b.geo.epsg) diffs.push(`CRS EPSG:${b.geo.epsg ?? 'none'} ≠ EPSG:${a.geo.epsg ?? 'none'}`);
    else if (a.geo.epsg === null && !sameGeoKeys(a, b)) diffs.push('CRS (user-defined GeoKeys differ)');
    const gt = geoTransformDiff(a.geo.geoTransform, b.geo.geoTransform);
    if (gt) diffs.push(gt);
    const fix = diffs.length > 0 ? warpCommand(a, b.path) : null;
    if (fix) fixes.push(fix);
    if (cur.kind === 'imagery' && firstImagery && firstImagery !== cur) {
      const f = firstImagery.src;
      if (f.bands !== b.bands) diffs.push(`bands ${b.bands} ≠ ${f.bands} (${firstImagery.role})`);
      if (f.sampleType !== b.sampleType) diffs.push(`data type ${b.sampleType} ≠ ${f.sampleType} (${firstImagery.role})`);
    }
    if (diffs.length) problems.push(`${cur.role} ${b.path}: ${diffs.join('; ')}`);
  }
  if (problems.length) {
    const how = fixes.length ? `; to resample onto ${ref.role}'s grid: ${fixes.join(' ; ')}` : '';
    throw new RasterError(
      'E_RASTER_ALIGN',
      `epochs are not on the same grid as ${ref.role} ${ref.src.path}: ${problems.join(' | ')}${how}`,
      { file: inputs[0].src.path, problems, ...(fixes.length ? { fix: fixes } : {}) },
    );
  }
}

/**
 * The gdalwarp command that puts `file` on the grid of `ref` (CRS, extent, pixel size; -r near keeps class
 * codes and DNs as they are), or null when ref has no north-up grid to copy. A CRS without an EPSG code is
 * copied from the reference file with gdalsrsinfo.
 */
function warpCommand(ref: RasterSource, file: string): string | null {
  const gt = ref.geo.geoTransform;
  if (gt === null || gt[2] !== 0 || gt[4] !== 0) return null;
  const x0 = gt[0];
  const x1 = gt[0] + gt[1] * ref.width;
  const y0 = gt[3];
  const y1 = gt[3] + gt[5] * ref.height;
  const srs = ref.geo.epsg !== null ? `EPSG:${ref.geo.epsg}` : `"$(gdalsrsinfo -o wkt1 ${shellQuote(ref.path)})"`;
  const out = file.replace(/(\.tiff?)?$/i, '-aligned$1');
  const te = [Math.min(x0, x1), Math.min(y0, y1), Math.max(x0, x1), Math.max(y0, y1)].map(num).join(' ');
  return `gdalwarp -t_srs ${srs} -te ${te} -tr ${num(Math.abs(gt[1]))} ${num(Math.abs(gt[5]))} -r near ${shellQuote(file)} ${shellQuote(out)}`;
}

/** Shortest exact decimal (no float noise like 480199.99999999994 in a command a person copies). */
function num(v: number): string {
  return String(Number(v.toPrecision(15)));
}

function shellQuote(s: string): string {
  return /^[\w./:@%+=,-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

function geoTransformDiff(a: GeoTransform | null, b: GeoTransform | null): string | null {
  if (a === null && b === null) return null;
  if (a === null || b === null) return `geotransform ${b ? 'present' : 'missing'} ≠ ${a ? 'present' : 'missing'}`;
  const scale = Math.max(Math.abs(a[1]), Math.abs(a[5]), Number.MIN_VALUE);
  for (let i = 0; i < 6; i++) {
    const tol = GEOTRANSFORM_RTOL * Math.max(Math.abs(a[i]), scale);
    if (Math.abs(a[i] - b[i]) > tol) return `geotransform [${b.join(', ')}] ≠ [${a.join(', ')}]`;
  }
  return null;
}

function sameGeoKeys(a: RasterSource, b: RasterSource): boolean {
  return JSON.stringify(a.geo.geoKeys) === JSON.stringify(b.geo.geoKeys);
}
