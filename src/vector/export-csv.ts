import { featureProperties } from './export-geojson.ts';
import { withExportTextFile } from './export-text-file.ts';
import type { PatchRecord, PropertyValue } from './patch-record.ts';
import { toWkt } from './wkt.ts';

export interface CsvOptions {
  /**
   * Columns for the records' free properties. Default: the keys of the first record's properties (the
   * output is streamed, so keys first seen later are not added).
   */
  propertyColumns?: string[];
  /** round WKT coordinates to this many decimals (default: shortest round-trip) */
  wktDecimals?: number;
}

const FIXED_COLUMNS = ['id', 'code', 'value', 'from_class', 'to_class', 'pixel_count', 'area_m2', 'area_ellipsoid_m2', 'perimeter_m', 'mean_magnitude'];

/**
 * Stream patches into RFC 4180 CSV (CRLF, fields with , " CR LF quoted, quotes doubled): a `WKT` column
 * with the polygon in native CRS coordinates (GDAL's CSV driver takes a column named WKT as the geometry),
 * then the attribute columns. Null → empty field.
 */
export async function writeCsv(
  path: string,
  records: AsyncIterable<PatchRecord> | Iterable<PatchRecord>,
  opts: CsvOptions = {},
): Promise<void> {
  await withExportTextFile(path, async (out) => {
    let columns: string[] | null = null;
    for await (const rec of records) {
      if (columns === null) {
        const extra = (opts.propertyColumns ?? Object.keys(rec.properties)).filter((k) => !FIXED_COLUMNS.includes(k) && k !== 'WKT');
        columns = [...FIXED_COLUMNS, ...extra];
        await out.write(`${['WKT', ...columns].map(csvField).join(',')}\r\n`);
      }
      const props = featureProperties(rec);
      let line = csvField(toWkt(rec.rings, opts.wktDecimals));
      for (const c of columns) line += `,${csvField(props[c] ?? null)}`;
      await out.write(`${line}\r\n`);
    }
    if (columns === null) {
      const extra = (opts.propertyColumns ?? []).filter((k) => !FIXED_COLUMNS.includes(k));
      await out.write(`${['WKT', ...FIXED_COLUMNS, ...extra].map(csvField).join(',')}\r\n`);
    }
  });
}

/** One RFC 4180 field. */
export function csvField(v: PropertyValue): string {
  if (v === null) return '';
  const s = typeof v === 'string' ? v : String(v);
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}
