/**
 * The uint8 legend of change.tif and of the `code` attribute of change polygons. Stable: pipelines and
 * reviewers rely on these numbers. 0 = no change, 255 = nodata (either epoch invalid).
 *
 * 1–19: spectral change types (spectral mode; and combined mode where land use did not change)
 * 20–39: land-use transition categories confirmed by spectral evidence (landuse mode: every transition)
 * 60–79: the same categories + 40 when only the labels changed and the imagery shows no change
 *        (combined mode, "label-only": reviewers should check the classification)
 */
export const NO_CHANGE = 0;
export const CHANGE_NODATA = 255;
export const LABEL_ONLY_OFFSET = 40;

export interface LegendEntry {
  code: number;
  key: string;
  en: string;
  zh: string;
  /** display colour, #rrggbb */
  color: string;
}

export const CHANGE_LEGEND: readonly LegendEntry[] = [
  { code: 0, key: 'no_change', en: 'No change', zh: '未变化', color: '#000000' },
  { code: 1, key: 'vegetation_loss', en: 'Vegetation loss (to bare or built)', zh: '植被减少', color: '#e8590c' },
  { code: 2, key: 'vegetation_gain', en: 'Vegetation gain', zh: '植被增加', color: '#2f9e44' },
  { code: 3, key: 'water_gain', en: 'Water gain', zh: '水体增加', color: '#1971c2' },
  { code: 4, key: 'water_loss', en: 'Water loss (filled or drained)', zh: '水体减少', color: '#74c0fc' },
  { code: 5, key: 'builtup_gain', en: 'Built-up gain', zh: '建设增加', color: '#c92a2a' },
  { code: 9, key: 'other_spectral', en: 'Other spectral change', zh: '其他光谱变化', color: '#868e96' },
  { code: 20, key: 'cropland_to_construction', en: 'Cropland to construction', zh: '耕地转建设用地', color: '#e03131' },
  { code: 21, key: 'forest_grass_to_construction', en: 'Forest/grassland to construction', zh: '林草地转建设用地', color: '#a61e4d' },
  { code: 22, key: 'agricultural_to_other', en: 'Agricultural to other land', zh: '农用地转其他土地', color: '#f08c00' },
  { code: 23, key: 'water_change', en: 'Water body change', zh: '水域变化', color: '#1c7ed6' },
  { code: 24, key: 'construction_to_agricultural', en: 'Construction to agricultural (reclamation)', zh: '建设用地复垦', color: '#5c940d' },
  { code: 25, key: 'within_agricultural', en: 'Change within agricultural land', zh: '农用地内部变化', color: '#94d82d' },
  { code: 26, key: 'within_construction', en: 'Change within construction land', zh: '建设用地内部变化', color: '#ff8787' },
  { code: 27, key: 'other_to_construction', en: 'Other land to construction', zh: '其他土地转建设用地', color: '#f76707' },
  { code: 29, key: 'other_landuse', en: 'Other land-use change', zh: '其他地类变化', color: '#adb5bd' },
  { code: 255, key: 'nodata', en: 'No data', zh: '无数据', color: '#ffffff' },
];

const byCode = new Map(CHANGE_LEGEND.map((e) => [e.code, e]));

/** Legend entry for a code, including label-only codes (category + 40). */
export function legendEntry(code: number): LegendEntry | undefined {
  const direct = byCode.get(code);
  if (direct) return direct;
  const base = byCode.get(code - LABEL_ONLY_OFFSET);
  if (base && base.code >= 20 && base.code < 40) {
    return { ...base, code, key: `${base.key}_label_only`, en: `${base.en} (labels only)`, zh: `${base.zh}（仅地类变化）` };
  }
  return undefined;
}

/** legend key → code, including the '<key>_label_only' variants (code + 40) */
export const CODE_BY_KEY: ReadonlyMap<string, number> = (() => {
  const m = new Map<string, number>();
  for (const e of CHANGE_LEGEND) {
    m.set(e.key, e.code);
    if (e.code >= 20 && e.code < 40) m.set(`${e.key}_label_only`, e.code + LABEL_ONLY_OFFSET);
  }
  return m;
})();
