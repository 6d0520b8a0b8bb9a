import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { anyClass, classNameCodes, classNames, classSet, type ClassSet } from './class-set.ts';
import { LAYER_KINDS, isLayerKind } from './layer-kind.ts';
import { unknownPlaceholders } from './message-template.ts';
import { RELATIONS, SEVERITIES, type ChangeCondition, type ExceedsCondition, type LayerCondition, type Relation, type Rule, type RuleSet, type Severity } from './rule-types.ts';
import { SuperviseError } from './supervise-error.ts';

/** The shipped rule set (rules/default-rules.json at the repository root). */
export const DEFAULT_RULES_FILE = fileURLToPath(new URL('../../rules/default-rules.json', import.meta.url));

const RULE_ID = /^[a-z][a-z0-9_]{0,63}$/;
const RULE_KEYS = new Set(['id', 'title', 'severity', 'change', 'layers', 'exceeds', 'message', 'description']);
const CHANGE_KEYS = new Set(['from', 'to', 'codes', 'spectralCodes', 'minAreaM2']);
const LAYER_KEYS = new Set(['kind', 'relation', 'share', 'minAreaM2']);
const EXCEEDS_KEYS = new Set(['kind', 'property', 'percent']);

/** Reads and validates a rules file (the default set when `file` is undefined). */
export async function loadRules(file?: string): Promise<RuleSet> {
  const path = file ?? DEFAULT_RULES_FILE;
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    throw new SuperviseError('E_SUPERVISE_RULES', `${path}: cannot read: ${(err as Error).message}`, { file: path });
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    throw new SuperviseError('E_SUPERVISE_RULES', `${path}: not valid JSON: ${(err as Error).message}`, { file: path });
  }
  return parseRules(doc, file === undefined ? 'default' : path);
}

/**
 * Narrows a parsed rules document. Every problem is collected; the error names the file, the rule (index
 * and id) and the field, e.g. `rules.json: rules[2] (redline_violated).layers[0].relation: must be one of
 * inside, outside, overlaps`. details.errors lists them all.
 */
export function parseRules(doc: unknown, source: string): RuleSet {
  const errors: string[] = [];
  const rules: Rule[] = [];
  const top = asObject(doc);
  if (top === null) fail(source, ['(root): must be an object with "version" and "rules"']);
  if (top.version !== 1) errors.push(`version: must be 1, got ${JSON.stringify(top.version)}`);
  for (const k of Object.keys(top)) if (!['version', 'rules', '$schema', 'description'].includes(k)) errors.push(`${k}: unknown field`);
  if (!Array.isArray(top.rules)) errors.push('rules: must be an array of rules');
  else {
    const seen = new Set<string>();
    top.rules.forEach((raw: unknown, i: number) => {
      const rawId = asObject(raw)?.id;
      const where = `rules[${i}]${typeof rawId === 'string' ? ` (${rawId})` : ''}`;
      const rule = parseRule(raw, where, errors);
      if (rule === null) return;
      if (seen.has(rule.id)) errors.push(`${where}.id: duplicate rule id ${rule.id}`);
      seen.add(rule.id);
      rules.push(rule);
    });
  }
  if (errors.length > 0) fail(source, errors);
  return { version: 1, rules, source };
}

function fail(source: string, errors: string[]): never {
  const more = errors.length > 1 ? ` (and ${errors.length - 1} more)` : '';
  throw new SuperviseError('E_SUPERVISE_RULES', `${source}: ${errors[0]}${more}`, { file: source, errors });
}

function parseRule(raw: unknown, where: string, errors: string[]): Rule | null {
  const r = asObject(raw);
  if (r === null) {
    errors.push(`${where}: must be an object`);
    return null;
  }
  const before = errors.length;
  for (const k of Object.keys(r)) if (!RULE_KEYS.has(k)) errors.push(`${where}.${k}: unknown field`);
  if (typeof r.id !== 'string' || !RULE_ID.test(r.id)) errors.push(`${where}.id: must be a snake_case string (a-z, 0-9, _), got ${JSON.stringify(r.id)}`);
  const title = r.title === undefined ? String(r.id) : r.title;
  if (typeof title !== 'string') errors.push(`${where}.title: must be a string`);
  const severity = oneOf(r.severity, SEVERITIES, `${where}.severity`, errors) as Severity;
  const change = parseChange(r.change, `${where}.change`, errors);
  const layers: LayerCondition[] = [];
  if (r.layers !== undefined && !Array.isArray(r.layers)) errors.push(`${where}.layers: must be an array`);
  else (r.layers ?? []).forEach((l: unknown, k: number) => {
    const c = parseLayerCondition(l, `${where}.layers[${k}]`, errors);
    if (c) layers.push(c);
  });
  const exceeds = r.exceeds === undefined ? null : parseExceeds(r.exceeds, `${where}.exceeds`, errors);
  if (typeof r.message !== 'string' || r.message.trim() === '') errors.push(`${where}.message: must be a non-empty string`);
  else {
    const bad = unknownPlaceholders(r.message);
    if (bad.length > 0) errors.push(`${where}.message: unknown placeholder {${bad[0]}} (see docs/rules.md)`);
  }
  if (layers.length === 0 && exceeds === null && errors.length === before) {
    errors.push(`${where}.layers: a rule needs at least one layer condition or an exceeds condition`);
  }
  if (errors.length > before || change === null) return null;
  return { id: r.id as string, title: title as string, severity, change, layers, exceeds, message: r.message as string };
}

function parseChange(raw: unknown, where: string, errors: string[]): ChangeCondition | null {
  if (raw === undefined) return { from: anyClass(), to: anyClass(), codes: null, spectralCodes: new Set(), minAreaM2: 0 };
  const c = asObject(raw);
  if (c === null) {
    errors.push(`${where}: must be an object`);
    return null;
  }
  for (const k of Object.keys(c)) if (!CHANGE_KEYS.has(k)) errors.push(`${where}.${k}: unknown field`);
  const from = parseClassSet(c.from, `${where}.from`, errors);
  const to = parseClassSet(c.to, `${where}.to`, errors);
  const codes = c.codes === undefined ? null : intList(c.codes, `${where}.codes`, 1, 254, errors);
  const spectral = c.spectralCodes === undefined ? [] : intList(c.spectralCodes, `${where}.spectralCodes`, 1, 19, errors);
  const minAreaM2 = c.minAreaM2 === undefined ? 0 : nonNegative(c.minAreaM2, `${where}.minAreaM2`, errors);
  if (from === null || to === null) return null;
  return { from, to, codes: codes === null ? null : new Set(codes), spectralCodes: new Set(spectral ?? []), minAreaM2 };
}

function parseClassSet(raw: unknown, where: string, errors: string[]): ClassSet | null {
  if (raw === undefined || raw === 'any') return anyClass();
  const items = Array.isArray(raw) ? raw : [raw];
  if (items.length === 0) {
    errors.push(`${where}: must name at least one class`);
    return null;
  }
  const codes: number[] = [];
  for (const item of items) {
    if (item === 'any') return anyClass();
    if (typeof item === 'number' && Number.isInteger(item) && item >= 0 && item <= 254) codes.push(item);
    else if (typeof item === 'string' && classNameCodes(item) !== null) codes.push(...(classNameCodes(item) ?? []));
    else {
      errors.push(`${where}: unknown class ${JSON.stringify(item)} (use a code 0–254 or one of ${classNames().join(', ')})`);
      return null;
    }
  }
  return classSet(codes);
}

function parseLayerCondition(raw: unknown, where: string, errors: string[]): LayerCondition | null {
  const l = asObject(raw);
  if (l === null) {
    errors.push(`${where}: must be an object`);
    return null;
  }
  const before = errors.length;
  for (const k of Object.keys(l)) if (!LAYER_KEYS.has(k)) errors.push(`${where}.${k}: unknown field`);
  if (!isLayerKind(l.kind)) errors.push(`${where}.kind: must be one of ${LAYER_KINDS.join(', ')}, got ${JSON.stringify(l.kind)}`);
  const relationOk = typeof l.relation === 'string' && (RELATIONS as readonly string[]).includes(l.relation);
  const relation = oneOf(l.relation, RELATIONS, `${where}.relation`, errors) as Relation;
  let share = 0.5;
  if (l.share !== undefined) {
    if (typeof l.share !== 'number' || !(l.share > 0 && l.share <= 1)) errors.push(`${where}.share: must be a number in (0, 1], got ${JSON.stringify(l.share)}`);
    else share = l.share;
    if (relationOk && relation === 'overlaps') errors.push(`${where}.share: not used by relation "overlaps" (use minAreaM2)`);
  }
  let minAreaM2 = 0;
  if (l.minAreaM2 !== undefined) {
    minAreaM2 = nonNegative(l.minAreaM2, `${where}.minAreaM2`, errors);
    if (relationOk && relation !== 'overlaps') errors.push(`${where}.minAreaM2: only used by relation "overlaps" (inside/outside use share)`);
  }
  if (errors.length > before) return null;
  return { kind: l.kind as LayerCondition['kind'], relation, share, minAreaM2 };
}

function parseExceeds(raw: unknown, where: string, errors: string[]): ExceedsCondition | null {
  const e = asObject(raw);
  if (e === null) {
    errors.push(`${where}: must be an object`);
    return null;
  }
  const before = errors.length;
  for (const k of Object.keys(e)) if (!EXCEEDS_KEYS.has(k)) errors.push(`${where}.${k}: unknown field`);
  if (!isLayerKind(e.kind)) errors.push(`${where}.kind: must be one of ${LAYER_KINDS.join(', ')}, got ${JSON.stringify(e.kind)}`);
  if (typeof e.property !== 'string' || e.property === '') errors.push(`${where}.property: must name the approved-area property (m²)`);
  const percent = nonNegative(e.percent, `${where}.percent`, errors);
  if (errors.length > before) return null;
  return { kind: e.kind as ExceedsCondition['kind'], property: e.property as string, percent };
}

function oneOf(v: unknown, allowed: readonly string[], where: string, errors: string[]): string {
  if (typeof v === 'string' && allowed.includes(v)) return v;
  errors.push(`${where}: must be one of ${allowed.join(', ')}, got ${JSON.stringify(v)}`);
  return allowed[0];
}

function nonNegative(v: unknown, where: string, errors: string[]): number {
  if (typeof v === 'number' && Number.isFinite(v) && v >= 0) return v;
  errors.push(`${where}: must be a number ≥ 0, got ${JSON.stringify(v)}`);
  return 0;
}

function intList(v: unknown, where: string, min: number, max: number, errors: string[]): number[] | null {
  if (!Array.isArray(v) || v.some((x) => typeof x !== 'number' || !Number.isInteger(x) || x < min || x > max)) {
    errors.push(`${where}: must be an array of integers ${min}–${max}`);
    return null;
  }
  return v as number[];
}

function asObject(v: unknown): Record<string, unknown> | null {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
}
