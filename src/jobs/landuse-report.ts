import {
  LANDUSE_CLASSES,
  MAX_CLASS_CODE,
  REMAP_PRESETS,
  TRANSITION_CLASS_SPAN,
  gbFirstLevel,
  transitionFrom,
  transitionTo,
  type ClassPairCounts,
  type LanduseRemap,
} from '../kernels/index.ts';
import { JobError } from './jobs-error.ts';

/** One class of the land-use rasters (after remap) and what the change legend takes it for. */
export interface LanduseClassCount {
  code: number;
  /** GB/T 21010 first-level class it counts as (gbFirstLevel), null when it is not a GB/T 21010 code */
  gb: number | null;
  pixelsA: number;
  pixelsB: number;
}

/** A raw raster value whose pixels could not be used (no class): they are left out like nodata. */
export interface UnusableCode {
  epoch: 'A' | 'B';
  file: string;
  code: number;
  pixels: number;
}

/** summary.json `landuse`: what the land-use rasters held and how it was read. */
export interface LanduseSummary {
  remap: string | null;
  classes: LanduseClassCount[];
  /** raw values without a class (unmapped by --remap, negative, above 2047), pixels left out */
  unusable: UnusableCode[];
  /** classes that are not GB/T 21010 codes (no --remap): their changes count as 29 "other" */
  notGb: number[];
  /** one line each, also printed by the CLI */
  warnings: string[];
}

const LIST_MAX = 12;

/**
 * Reads the job-wide class counts: per-class pixels, raw values the job could not use, classes outside
 * GB/T 21010, with warnings that name the codes, their pixel counts and the fix. Throws E_JOB_INPUT when
 * the two rasters have valid pixels but not one of them has a usable class (nothing could be compared).
 */
export function landuseSummary(
  counts: ClassPairCounts,
  remap: LanduseRemap | null,
  files: { a: string; b: string; nodataA: number | null; nodataB: number | null },
): LanduseSummary {
  const byClass = new Map<number, LanduseClassCount>();
  const cls = (code: number) => {
    let c = byClass.get(code);
    if (!c) byClass.set(code, (c = { code, gb: gbFirstLevel(code) >= 0 ? gbFirstLevel(code) : null, pixelsA: 0, pixelsB: 0 }));
    return c;
  };
  let usablePixels = 0;
  for (const [key, pixels] of counts.pairs) {
    cls(transitionFrom(key)).pixelsA += pixels;
    cls(transitionTo(key)).pixelsB += pixels;
    usablePixels += pixels;
  }
  const classes = [...byClass.values()].sort((x, y) => x.code - y.code);
  const excluded = new Set(remap?.excludedCodes ?? []);
  const unusable: UnusableCode[] = [];
  for (const [epoch, map, file] of [['A', counts.unusableA, files.a], ['B', counts.unusableB, files.b]] as const) {
    for (const [code, pixels] of map) if (!excluded.has(code)) unusable.push({ epoch, file, code, pixels });
  }
  unusable.sort((x, y) => (x.epoch < y.epoch ? -1 : x.epoch > y.epoch ? 1 : x.code - y.code));
  const notGb = classes.filter((c) => c.gb === null).map((c) => c.code);
  const warnings: string[] = [];

  for (const epoch of ['A', 'B'] as const) {
    const list = unusable.filter((u) => u.epoch === epoch);
    if (list.length === 0) continue;
    const total = list.reduce((s, u) => s + u.pixels, 0);
    const why = remap
      ? `the remap table "${remap.name}" does not map them`
      : `land-use classes must be integers 0..${MAX_CLASS_CODE}`;
    warnings.push(
      `${list[0].file}: ${total} pixels left out as nodata, ${why}: ${codeList(list.map((u) => [u.code, u.pixels]))}; ` +
        `fix: ${remap ? 'add these codes to the remap table (or "default", or null to exclude them on purpose)' : 'give --remap FILE mapping them onto GB/T 21010 classes'}`,
    );
  }
  if (usablePixels === 0 && unusable.length > 0) {
    throw new JobError('E_JOB_INPUT', `no pixel has a usable land-use class: ${warnings.join('; ')}`, {
      file: unusable[0].file,
      codes: [...new Set(unusable.map((u) => u.code))].slice(0, LIST_MAX),
    });
  }
  if (!remap && notGb.length > 0) {
    const pixels = new Map(classes.map((c) => [c.code, c.pixelsA + c.pixelsB]));
    const present = classes.filter((c) => c.pixelsA + c.pixelsB > 0).map((c) => c.code);
    const fits = REMAP_PRESETS.filter((p) => present.every((code) => code in p.map)).map((p) => p.name);
    const faceValue = classes.filter((c) => c.gb !== null).map((c) => c.code);
    warnings.push(
      `${files.a}, ${files.b}: classes ${codeList(notGb.map((c) => [c, pixels.get(c) ?? 0]))} are not GB/T 21010 codes ` +
        `(00–12, 20, or second-level codes such as 0101): their changes count as 29 "other land-use change" and rules see them as unknown classes` +
        (faceValue.length > 0 ? `; ${faceValue.slice(0, LIST_MAX).join(', ')} ${faceValue.length > LIST_MAX ? '… ' : ''}are read as GB/T 21010 classes, wrong if the rasters use another legend` : '') +
        `; fix: --remap FILE${fits.length > 0 ? ` or a built-in table whose legend holds every code present: --remap ${fits.join(' | --remap ')}` : ''}`,
    );
  }
  if (remap) {
    for (const [file, nodata] of [[files.a, files.nodataA], [files.b, files.nodataB]] as const) {
      if (nodata === null || !Number.isInteger(nodata) || nodata < 0 || nodata > 65535 || remap.table[nodata] < 0) continue;
      warnings.push(
        `${file}: nodata value ${nodata} is also class ${nodata} of the remap table "${remap.name}" (→ ${remap.table[nodata]}): its pixels are left out as nodata; ` +
          `if ${nodata} is a real class in this file, remove the nodata tag (gdal_edit.py -unsetnodata) or re-tag it`,
      );
    }
  }
  return { remap: remap?.name ?? null, classes, unusable, notGb, warnings };
}

function codeList(items: Array<[number, number]>): string {
  const shown = items.slice(0, LIST_MAX).map(([code, pixels]) => `${code} (${pixels} px)`);
  if (items.length > LIST_MAX) shown.push(`… ${items.length - LIST_MAX} more`);
  return shown.join(', ');
}

export interface TransitionRowOut {
  from: number;
  to: number;
  pixels: number;
  areaM2: number;
}

/** Exact transition rows (every class pair with pixels, the diagonal included), ordered by from, to. */
export function transitionRows(counts: ClassPairCounts, pixelAreaM2: number): TransitionRowOut[] {
  return [...counts.pairs.entries()]
    .map(([key, pixels]) => ({ from: Math.floor(key / TRANSITION_CLASS_SPAN), to: key % TRANSITION_CLASS_SPAN, pixels, areaM2: pixels * pixelAreaM2 }))
    .sort((a, b) => a.from - b.from || a.to - b.to);
}

const CLASS_BY_CODE = new Map(LANDUSE_CLASSES.map((c) => [c.code, c]));

/** Key of the GB/T 21010 first-level class a code counts as ('' when none). */
export function landuseClassKey(code: number): string {
  return CLASS_BY_CODE.get(gbFirstLevel(code))?.key ?? '';
}
