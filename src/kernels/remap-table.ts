import { LANDUSE_CLASSES, gbFirstLevel } from './landuse-codes.ts';
import { KernelError } from './kernel-error.ts';

/** Marks a source code that the table does not map. */
export const UNMAPPED = -1;

/**
 * Maps another classification's integer codes (0..65535) onto GB/T 21010 codes. `table[src]` is the
 * GB/T code or UNMAPPED. Pixels with an unmapped code are treated as invalid by the transition kernels.
 */
export interface LanduseRemap {
  name: string;
  table: Int16Array;
  /** the source codes the table lists (its `map` keys), ascending */
  sourceCodes: number[];
  /** true when `default` maps every unlisted source code */
  hasDefault: boolean;
  /** source codes mapped to null on purpose (clouds, no data): invalid pixels, not reported as unmapped */
  excludedCodes: number[];
}

const MAX_SOURCE_CODE = 65535;

/**
 * Narrows a remap table read from JSON. Two forms:
 *   { "name": "esa-cci", "map": { "10": "01", "50": 3, ... }, "default": 12 }   (name, default optional)
 *   { "10": "01", "50": 3, ... }                                                  (plain map)
 * Keys are source codes (decimal integers 0..65535). Values are GB/T 21010 codes as numbers or as the
 * usual digit strings ("01", "0101"): a first-level class (00–12, 20) or a
 * GB/T 21010-2017 second-level code (0101 … 1207; the category is its first level). `default` maps every
 * unlisted source code; without it unlisted codes are unmapped (→ invalid pixels, reported per code). A
 * value of null excludes a code on purpose (clouds, fill values): invalid pixels, not reported.
 */
export function parseRemapTable(json: unknown): LanduseRemap {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new KernelError('E_KERNEL_REMAP', 'remap table must be a JSON object: {"map": {"<source code>": "<GB/T 21010 code>"}}');
  }
  const obj = json as Record<string, unknown>;
  const structured = 'map' in obj;
  if (structured) {
    for (const key of Object.keys(obj)) {
      if (key !== 'map' && key !== 'name' && key !== 'default') {
        throw new KernelError('E_KERNEL_REMAP', `remap table: unknown field "${key}" (expected map, name, default)`, { field: key });
      }
    }
  }
  const name = structured && obj.name !== undefined ? obj.name : 'remap';
  if (typeof name !== 'string') throw new KernelError('E_KERNEL_REMAP', 'remap table: "name" must be a string');
  const map = structured ? obj.map : obj;
  if (typeof map !== 'object' || map === null || Array.isArray(map)) {
    throw new KernelError('E_KERNEL_REMAP', 'remap table: "map" must be an object of source code → GB/T 21010 code');
  }
  const table = new Int16Array(MAX_SOURCE_CODE + 1).fill(UNMAPPED);
  if (structured && obj.default !== undefined && obj.default !== null) {
    table.fill(parseGbCode(obj.default, 'default'));
  }
  const entries = Object.entries(map);
  if (entries.length === 0) throw new KernelError('E_KERNEL_REMAP', 'remap table: "map" is empty');
  const seen = new Set<number>();
  const excluded: number[] = [];
  for (const [key, value] of entries) {
    if (!/^\d+$/.test(key.trim()) || Number(key) > MAX_SOURCE_CODE) {
      throw new KernelError('E_KERNEL_REMAP', `remap table: source code "${key}" is not an integer 0..${MAX_SOURCE_CODE}`, { sourceCode: key });
    }
    const source = Number(key);
    if (seen.has(source)) {
      throw new KernelError('E_KERNEL_REMAP', `remap table: source code ${source} is listed twice ("${key}")`, { sourceCode: key });
    }
    seen.add(source);
    if (value === null) excluded.push(source);
    table[source] = value === null ? UNMAPPED : parseGbCode(value, key);
  }
  const sourceCodes = [...seen].sort((x, y) => x - y);
  return { name, table, sourceCodes, hasDefault: structured && obj.default !== undefined && obj.default !== null, excludedCodes: excluded.sort((x, y) => x - y) };
}

function parseGbCode(value: unknown, key: string): number {
  let code: number;
  if (typeof value === 'number') code = value;
  else if (typeof value === 'string' && /^\d{1,4}$/.test(value.trim())) code = Number(value);
  else code = NaN;
  if (!Number.isInteger(code) || gbFirstLevel(code) < 0) {
    const allowed = LANDUSE_CLASSES.map((c) => String(c.code).padStart(2, '0')).join(', ');
    throw new KernelError('E_KERNEL_REMAP', `remap table: "${key}" maps to ${JSON.stringify(value)}, not a GB/T 21010 class (${allowed}, or a second-level code such as 0101)`, {
      sourceCode: key,
    });
  }
  return code;
}
