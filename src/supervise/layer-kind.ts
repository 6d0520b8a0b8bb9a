/**
 * Kinds of supervision layers. Planning layers say where construction may happen at all; management
 * layers record what was approved, supplied or licensed. The kind is inferred from the file name (English
 * keys or the usual Chinese names) unless given.
 */
export const LAYER_KINDS = [
  'permanent_basic_farmland',
  'ecological_redline',
  'urban_growth_boundary',
  'plan_zones',
  'land_approvals',
  'land_supply',
  'mining_rights',
  'parcels',
] as const;

export type LayerKind = (typeof LAYER_KINDS)[number];

export function isLayerKind(v: unknown): v is LayerKind {
  return typeof v === 'string' && (LAYER_KINDS as readonly string[]).includes(v);
}

/** Name patterns per kind, tried in order (the first hit wins); matched against the lower-cased file stem. */
const PATTERNS: ReadonlyArray<readonly [LayerKind, RegExp]> = [
  ['permanent_basic_farmland', /permanent_?basic_?farmland|basic_?farmland|jbnt|永久基本农田|基本农田/],
  ['ecological_redline', /ecological_?red_?line|eco_?redline|redline|stbhhx|生态保护红线|生态红线/],
  ['urban_growth_boundary', /urban_?growth_?boundary|growth_?boundary|ugb|czkfbj|城镇开发边界/],
  ['land_approvals', /land_?approvals?|approvals?|pzyd|农转用|用地批准|批地|建设用地审批/],
  ['land_supply', /land_?supply|supply|gd_|供地/],
  ['mining_rights', /mining_?rights?|mining|ckq|采矿权|矿业权/],
  ['plan_zones', /plan_?zones?|zoning|planning_?zones?|ghfq|规划分区|用途分区/],
  ['parcels', /parcels?|cadastr|zd|宗地|地块/],
];

/** The kind a file name implies (`layers/Ecological_Redline_2023.geojson` → ecological_redline), or null. */
export function inferLayerKind(fileName: string): LayerKind | null {
  const base = fileName.replace(/\\/g, '/').split('/').pop() ?? fileName;
  const stem = base.replace(/\.(geo)?json$|\.parquet$|\.geoparquet$/i, '').toLowerCase().replace(/[\s-]+/g, '_');
  for (const [kind, re] of PATTERNS) if (re.test(stem)) return kind;
  return null;
}
