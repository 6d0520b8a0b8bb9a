import { rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { legendEntry } from '../kernels/index.ts';
import type { CrsRef } from '../vector/crs.ts';
import { landuseClassKey, type TransitionRowOut } from './landuse-report.ts';
import type { PatchRecord } from '../vector/patch-record.ts';
import { writeGeoJson, geoJsonGeometry } from '../vector/export-geojson.ts';
import { writeCsv } from '../vector/export-csv.ts';
import { writeFlatGeobuf } from '../vector/export-flatgeobuf.ts';
import { writeGeoParquet, type Store } from '../store/index.ts';

export const MU_M2 = 10000 / 15; // 1 亩 = 666.67 m²

export interface OutputFiles {
  change: string;
  geojson: string;
  /** native-CRS GeoJSON (--native-crs), else null */
  geojsonNative: string | null;
  parquet: string;
  csv: string;
  flatgeobuf: string;
  transitions: string | null;
  summary: string;
}

export function outputFiles(outDir: string, withTransitions: boolean, withNativeGeoJson = false): OutputFiles {
  return {
    change: join(outDir, 'change.tif'),
    geojson: join(outDir, 'patches.geojson'),
    geojsonNative: withNativeGeoJson ? join(outDir, 'patches-native.geojson') : null,
    parquet: join(outDir, 'patches.parquet'),
    csv: join(outDir, 'patches.csv'),
    flatgeobuf: join(outDir, 'patches.fgb'),
    transitions: withTransitions ? join(outDir, 'transitions.csv') : null,
    summary: join(outDir, 'summary.json'),
  };
}

/** Patch exports (GeoJSON, GeoParquet, CSV, FlatGeobuf) and the patches table; each file appears whole or not at all. */
export async function writePatchOutputs(
  files: OutputFiles,
  patches: readonly PatchRecord[],
  store: Store,
  jobId: string,
  nativeEpsg: number | null = null,
  crs: CrsRef | null = null,
): Promise<void> {
  await writeGeoJson(files.geojson, patches);
  if (files.geojsonNative && nativeEpsg !== null) await writeGeoJson(files.geojsonNative, patches, { nativeCrs: { epsg: nativeEpsg } });
  // with no patches the CRS still comes from the job, so empty outputs open with the right CRS
  const jobCrs = patches[0]?.crs ?? crs;
  await writeGeoParquet(files.parquet, patches, { epsg: jobCrs?.epsg ?? undefined, proj4: jobCrs?.proj4 });
  await writeCsv(files.csv, patches);
  await writeFlatGeobuf(files.flatgeobuf, patches, jobCrs);
  await store.patches.deleteForJob(jobId);
  await store.patches.insertMany(
    jobId,
    patches.map((p) => ({ ...p, geojson: geoJsonGeometry(p) })),
  );
}

export async function writeTransitionsCsv(path: string, rows: readonly TransitionRowOut[]): Promise<void> {
  const lines = ['from,to,from_name,to_name,pixels,area_m2,area_mu'];
  for (const r of rows) {
    const f = landuseClassKey(r.from);
    const t = landuseClassKey(r.to);
    lines.push(`${r.from},${r.to},${f},${t},${r.pixels},${r.areaM2.toFixed(3)},${(r.areaM2 / MU_M2).toFixed(3)}`);
  }
  await writeAtomic(path, `${lines.join('\n')}\n`);
}

export interface PatchTypeSummary {
  code: number;
  key: string;
  name: string;
  nameZh: string;
  patches: number;
  areaM2: number;
  areaMu: number;
  areaHa: number;
}

export function summarizePatches(patches: readonly PatchRecord[]): PatchTypeSummary[] {
  const byCode = new Map<number, { patches: number; areaM2: number }>();
  for (const p of patches) {
    const s = byCode.get(p.code) ?? { patches: 0, areaM2: 0 };
    s.patches++;
    s.areaM2 += p.areaM2;
    byCode.set(p.code, s);
  }
  return [...byCode.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([code, s]) => {
      const e = legendEntry(code);
      return {
        code,
        key: e?.key ?? `code_${code}`,
        name: e?.en ?? `code ${code}`,
        nameZh: e?.zh ?? '',
        patches: s.patches,
        areaM2: round3(s.areaM2),
        areaMu: round3(s.areaM2 / MU_M2),
        areaHa: round3(s.areaM2 / 10000),
      };
    });
}

export async function writeAtomic(path: string, text: string): Promise<void> {
  const tmp = `${path}.tmp-${process.pid}`;
  await writeFile(tmp, text);
  await rename(tmp, path);
}

function round3(v: number): number {
  return Math.round(v * 1000) / 1000;
}
