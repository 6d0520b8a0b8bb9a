import type { WriterPlan } from './tiff-writer-options.ts';
import { asciiTag, TYPE_DOUBLE, TYPE_LONG, TYPE_LONG8, TYPE_SHORT, type TagEntry } from './tiff-writer-ifd.ts';

/**
 * GDAL's COG "ghost area": structural metadata right after the header, read by GDAL and by
 * validate_cloud_optimized_geotiff.py. Every tile is preceded by its byte count (uint32 LE) and followed by
 * a copy of its last 4 bytes, as declared here.
 */
const GHOST_BODY =
  'LAYOUT=IFDS_BEFORE_DATA\nBLOCK_ORDER=ROW_MAJOR\nBLOCK_LEADER=SIZE_AS_UINT4\n' +
  'BLOCK_TRAILER=LAST_4_BYTES_REPEATED\nKNOWN_INCOMPATIBLE_EDITION=NO\n ';

/** The ghost area, padded so the first IFD that follows starts on an even offset. */
export function ghostArea(): Buffer {
  const text = `GDAL_STRUCTURAL_METADATA_SIZE=${String(GHOST_BODY.length).padStart(6, '0')} bytes\n${GHOST_BODY}`;
  const buf = Buffer.alloc(text.length + (text.length & 1));
  buf.write(text, 0, 'latin1');
  return buf;
}

/** GDAL_NODATA text as GDAL parses it (CPLAtof): "nan", "inf", shortest round-trip decimal otherwise. */
export function nodataText(v: number): string {
  if (Number.isNaN(v)) return 'nan';
  if (v === Infinity) return 'inf';
  if (v === -Infinity) return '-inf';
  return String(v);
}

function xmlEscape(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

/**
 * GDAL_METADATA XML, or null when there is nothing to say. Items keep insertion order (deterministic).
 * Values are escaped twice, as GDAL writes them (it escapes before serialising) and unescapes on reading.
 */
export function gdalMetadataXml(plan: WriterPlan): string | null {
  const items: string[] = [];
  for (const [k, v] of Object.entries(plan.metadata)) items.push(`  <Item name="${xmlEscape(k)}">${xmlEscape(xmlEscape(v))}</Item>`);
  plan.bandDescriptions.forEach((d, band) => {
    if (d !== '') items.push(`  <Item name="DESCRIPTION" sample="${band}" role="description">${xmlEscape(xmlEscape(d))}</Item>`);
  });
  return items.length === 0 ? null : `<GDALMetadata>\n${items.join('\n')}\n</GDALMetadata>\n`;
}

/** GeoKey ids whose values live in GeoDoubleParams (GeoTIFF 1.1: unit sizes, ellipsoid axes, projection parameters). */
function isDoubleKey(id: number): boolean {
  return id === 2053 || id === 2055 || (id >= 2057 && id <= 2059) || id === 2061 || id === 2062 || (id >= 3077 && id <= 3096);
}

/**
 * GeoKeyDirectory (GeoTIFF 1.0) with its GeoDoubleParams / GeoAsciiParams: model type, PixelIsArea, and the EPSG
 * code of the CRS — or, for a user-defined CRS (`plan.geoKeys`), the source's keys themselves.
 */
export function geoKeyTags(plan: WriterPlan): { directory: number[]; doubles: number[]; ascii: string } | null {
  if (plan.epsg === null && plan.geoTransform === null) return null;
  const keys: number[][] = [];
  const doubles: number[] = [];
  let ascii = '';
  if (plan.epsg === null && plan.geoKeys !== null) {
    const ids = Object.keys(plan.geoKeys).map(Number).filter((id) => id !== 1025).sort((a, b) => a - b);
    for (const id of [...ids, 1025].sort((a, b) => a - b)) {
      if (id === 1025) {
        keys.push([1025, 0, 1, 1]);
        continue;
      }
      const v = plan.geoKeys[id];
      if (typeof v === 'string') {
        keys.push([id, 34737, v.length + 1, ascii.length]);
        ascii += `${v}|`;
      } else if (Array.isArray(v) || isDoubleKey(id) || !Number.isInteger(v) || v < 0 || v > 0xffff) {
        const values = Array.isArray(v) ? v : [v];
        keys.push([id, 34736, values.length, doubles.length]);
        doubles.push(...values);
      } else {
        keys.push([id, 0, 1, v]);
      }
    }
  } else {
    if (plan.epsg !== null) keys.push([1024, 0, 1, plan.geographic ? 2 : 1]);
    keys.push([1025, 0, 1, 1]);
    if (plan.epsg !== null) keys.push([plan.geographic ? 2048 : 3072, 0, 1, plan.epsg]);
  }
  return { directory: [1, 1, 0, keys.length, ...keys.flat()], doubles, ascii };
}

const SHORT_MAX = 0xffff;

function dimTag(tag: number, v: number): TagEntry {
  return { tag, type: v <= SHORT_MAX ? TYPE_SHORT : TYPE_LONG, values: [v] };
}

/**
 * Tags of one level's IFD, sorted. Level 0 carries georeferencing and GDAL_METADATA; overviews are
 * NewSubfileType 1 (reduced resolution). Tile offsets/counts may be placeholders of the right length.
 */
export function levelTags(
  plan: WriterPlan,
  level: number,
  tileOffsets: ArrayLike<number>,
  tileCounts: ArrayLike<number>,
  bigTiff: boolean,
): TagEntry[] {
  const g = plan.levels[level];
  const spp = plan.bands;
  const perSample = (v: number): number[] => new Array<number>(spp).fill(v);
  const tags: TagEntry[] = [];
  if (level > 0) tags.push({ tag: 254, type: TYPE_LONG, values: [1] });
  tags.push(dimTag(256, g.width), dimTag(257, g.height));
  tags.push({ tag: 258, type: TYPE_SHORT, values: perSample(plan.sample.bytes * 8) });
  tags.push({ tag: 259, type: TYPE_SHORT, values: [plan.compression] });
  tags.push({ tag: 262, type: TYPE_SHORT, values: [plan.photometric] });
  tags.push({ tag: 277, type: TYPE_SHORT, values: [spp] });
  tags.push({ tag: 284, type: TYPE_SHORT, values: [1] });
  if (plan.predictor !== 1) tags.push({ tag: 317, type: TYPE_SHORT, values: [plan.predictor] });
  tags.push(dimTag(322, plan.tileSize), dimTag(323, plan.tileSize));
  const offType = bigTiff ? TYPE_LONG8 : TYPE_LONG;
  tags.push({ tag: 324, type: offType, values: tileOffsets });
  tags.push({ tag: 325, type: offType, values: tileCounts });
  if (plan.extraSamples > 0) tags.push({ tag: 338, type: TYPE_SHORT, values: new Array<number>(plan.extraSamples).fill(0) });
  tags.push({ tag: 339, type: TYPE_SHORT, values: perSample(plan.sample.format) });
  if (level === 0) {
    const gt = plan.geoTransform;
    if (gt !== null) {
      if (gt[2] === 0 && gt[4] === 0 && gt[5] < 0) {
        tags.push({ tag: 33550, type: TYPE_DOUBLE, values: [gt[1], -gt[5], 0] });
        tags.push({ tag: 33922, type: TYPE_DOUBLE, values: [0, 0, 0, gt[0], gt[3], 0] });
      } else {
        const m = [gt[1], gt[2], 0, gt[0], gt[4], gt[5], 0, gt[3], 0, 0, 0, 0, 0, 0, 0, 1];
        tags.push({ tag: 34264, type: TYPE_DOUBLE, values: m });
      }
    }
    const geo = geoKeyTags(plan);
    if (geo !== null) {
      tags.push({ tag: 34735, type: TYPE_SHORT, values: geo.directory });
      if (geo.doubles.length > 0) tags.push({ tag: 34736, type: TYPE_DOUBLE, values: geo.doubles });
      if (geo.ascii.length > 0) tags.push(asciiTag(34737, geo.ascii));
    }
    const xml = gdalMetadataXml(plan);
    if (xml !== null) tags.push(asciiTag(42112, xml));
  }
  if (plan.nodata !== null) tags.push(asciiTag(42113, nodataText(plan.nodata)));
  return tags;
}
