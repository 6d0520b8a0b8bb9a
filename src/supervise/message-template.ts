/** Placeholders a rule message may use, each filled from the patch, the overlay and the rule. */
export const MESSAGE_PLACEHOLDERS = {
  rule_id: 'the rule id',
  title: 'the rule title',
  severity: 'high | medium | low',
  patch_id: 'the patch id',
  code: 'change legend code',
  change_type: 'change legend key',
  from: 'land-use class code before (or "?")',
  to: 'land-use class code after (or "?")',
  from_name: 'class name before (English)',
  to_name: 'class name after (English)',
  from_zh: 'class name before (Chinese)',
  to_zh: 'class name after (Chinese)',
  area_m2: 'patch area, m² (1 decimal)',
  area_mu: 'patch area, mu (亩, 2 decimals)',
  layer: 'layer kind of the first layer condition',
  overlap_m2: 'overlap with that layer kind, m² (1 decimal)',
  share_pct: 'overlap share of the patch, % (1 decimal)',
  feature_ids: 'ids of the overlapped features of that layer kind, comma-separated (or "none")',
  approved_m2: 'approved area sum of an exceeds condition, m²',
  excess_pct: 'how far the change exceeds the approved area, %',
} as const;

export type Placeholder = keyof typeof MESSAGE_PLACEHOLDERS;

const PLACEHOLDER = /\{([a-z_0-9]+)\}/g;

/** Placeholder names in a template that are not known (for validation). */
export function unknownPlaceholders(template: string): string[] {
  const bad: string[] = [];
  for (const m of template.matchAll(PLACEHOLDER)) if (!(m[1] in MESSAGE_PLACEHOLDERS)) bad.push(m[1]);
  return bad;
}

export function renderMessage(template: string, values: Record<Placeholder, string>): string {
  return template.replace(PLACEHOLDER, (whole, name: string) => (name in values ? values[name as Placeholder] : whole));
}
