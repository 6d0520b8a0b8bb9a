/**
 * GB/T 21010-2017 first-level land-use classes (三调 adds 00 wetland and 20 built-up). Land-use rasters
 * hold these codes as integers; other classification systems are mapped onto them with a remap table.
 */
export interface LanduseClass {
  code: number;
  key: string;
  en: string;
  zh: string;
  color: string;
}

export const LANDUSE_CLASSES: readonly LanduseClass[] = [
  { code: 0, key: 'wetland', en: 'Wetland', zh: '湿地', color: '#5fa8d3' },
  { code: 1, key: 'cropland', en: 'Cropland', zh: '耕地', color: '#f5e960' },
  { code: 2, key: 'orchard', en: 'Orchard', zh: '园地', color: '#c5e17a' },
  { code: 3, key: 'forest', en: 'Forest', zh: '林地', color: '#2d6a4f' },
  { code: 4, key: 'grassland', en: 'Grassland', zh: '草地', color: '#95d5b2' },
  { code: 5, key: 'commercial', en: 'Commercial and service', zh: '商服用地', color: '#e5383b' },
  { code: 6, key: 'industrial', en: 'Industrial, mining and storage', zh: '工矿仓储用地', color: '#9d4edd' },
  { code: 7, key: 'residential', en: 'Residential', zh: '住宅用地', color: '#f4845f' },
  { code: 8, key: 'public', en: 'Public administration and service', zh: '公共管理与公共服务用地', color: '#f7b267' },
  { code: 9, key: 'special', en: 'Special use', zh: '特殊用地', color: '#b5838d' },
  { code: 10, key: 'transport', en: 'Transport', zh: '交通运输用地', color: '#6c757d' },
  { code: 11, key: 'water', en: 'Water and water facilities', zh: '水域及水利设施用地', color: '#0077b6' },
  { code: 12, key: 'other', en: 'Other land', zh: '其他土地', color: '#d6ccc2' },
  { code: 20, key: 'builtup', en: 'Urban, village and industrial-mining land', zh: '城镇村及工矿用地', color: '#d00000' },
];

/** Construction land: 05–10 and 20. */
export function isConstruction(code: number): boolean {
  return (code >= 5 && code <= 10) || code === 20;
}

/** Agricultural land: 01–04. */
export function isAgricultural(code: number): boolean {
  return code >= 1 && code <= 4;
}

const FIRST_LEVEL = new Set(LANDUSE_CLASSES.map((c) => c.code));

/**
 * Largest land-use class code the transition kernels carry (11 bits per epoch). It covers GB/T 21010
 * second-level codes (0101–1207, often stored as uint16) and every common land-cover legend (ESA CCI ≤ 220,
 * NLCD ≤ 95, WorldCover ≤ 100); larger codes need a remap table.
 */
export const MAX_CLASS_CODE = 2047;

/**
 * Second-level codes per first-level class: GB/T 21010-2017 numbers them 01..N (0101 水田 … 0103 旱地; 0810
 * 公园与绿地; 1110 冰川及永久积雪), and 三调 adds 0508 物流仓储用地. Only these count as second-level codes, so
 * foreign codes such as ESA CCI 130 or 190 are not read as "0130".
 */
const SECOND_LEVEL_COUNT: Readonly<Record<number, number>> = { 1: 3, 2: 4, 3: 7, 4: 4, 5: 8, 6: 4, 7: 2, 8: 10, 9: 6, 10: 9, 11: 10, 12: 7 };

/**
 * The GB/T 21010 first-level class a code belongs to: itself for a first-level code (00–12, 20); the first
 * two digits of a GB/T 21010-2017 second-level code (0101 → 01, 1003 → 10, 0201 → 02); -1 for anything else.
 * As integers, 三调 城镇村 attribute codes 201–205 read as 0201–0205 (园地): remap them when a raster holds those.
 */
export function gbFirstLevel(code: number): number {
  if (FIRST_LEVEL.has(code)) return code;
  if (Number.isInteger(code) && code >= 101 && code <= 1299) {
    const first = Math.floor(code / 100);
    const second = code % 100;
    if (second >= 1 && second <= (SECOND_LEVEL_COUNT[first] ?? 0)) return first;
  }
  return -1;
}
