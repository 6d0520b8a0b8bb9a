import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { DEFAULT_RULES_FILE, loadRules, parseRules } from './parse-rules.ts';

const defaults = JSON.parse(readFileSync(DEFAULT_RULES_FILE, 'utf8')) as { rules: Record<string, unknown>[] };
const withRule = (patch: (r: Record<string, unknown>) => void, i = 1) => {
  const doc = structuredClone(defaults);
  patch(doc.rules[i]);
  return doc;
};
function errorOf(doc: unknown): { message: string; errors: string[] } {
  try {
    parseRules(doc, 'my-rules.json');
  } catch (err) {
    const e = err as { code: string; message: string; details: { errors: string[] } };
    expect(e.code).toBe('E_SUPERVISE_RULES');
    return { message: e.message, errors: e.details.errors };
  }
  throw new Error('accepted');
}

describe('parseRules', () => {
  it('loads the shipped default rules: the five issue rules', async () => {
    const set = await loadRules();
    expect(set.rules.map((r) => [r.id, r.severity])).toEqual([
      ['basic_farmland_occupied', 'high'],
      ['redline_violated', 'high'],
      ['construction_without_approval', 'medium'],
      ['exceeds_approval', 'low'],
      ['outside_growth_boundary', 'medium'],
    ]);
    expect(set.rules[3].exceeds).toEqual({ kind: 'land_approvals', property: 'approved_area_m2', percent: 20 });
  });

  it('the default file and a broken one agree with rules/rules.schema.json', () => {
    const schema = JSON.parse(readFileSync(new URL('../../rules/rules.schema.json', import.meta.url), 'utf8')) as object;
    const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);
    expect(validate(defaults), JSON.stringify(validate.errors)).toBe(true);
    expect(validate(withRule((r) => (r.severity = 'urgent')))).toBe(false);
  });

  it('names the file, the rule (index and id) and the field', () => {
    expect(errorOf(withRule((r) => (r.severity = 'urgent'))).message).toBe(
      'my-rules.json: rules[1] (redline_violated).severity: must be one of high, medium, low, got "urgent"',
    );
    expect(errorOf(withRule((r) => ((r.layers as Record<string, unknown>[])[0].relation = 'within'))).message).toBe(
      'my-rules.json: rules[1] (redline_violated).layers[0].relation: must be one of inside, outside, overlaps, got "within"',
    );
    expect(errorOf(withRule((r) => ((r.layers as Record<string, unknown>[])[0].kind = 'red_line'))).message).toMatch(
      /^my-rules\.json: rules\[1\] \(redline_violated\)\.layers\[0\]\.kind: must be one of permanent_basic_farmland, /,
    );
    expect(errorOf(withRule((r) => ((r.change as Record<string, unknown>).to = ['concrete']))).message).toMatch(
      /rules\[1\] \(redline_violated\)\.change\.to: unknown class "concrete"/,
    );
    expect(errorOf(withRule((r) => (r.message = 'hit {overlap_ha} ha'))).message).toMatch(/rules\[1\] \(redline_violated\)\.message: unknown placeholder \{overlap_ha\}/);
    expect(errorOf(withRule((r) => (r.colour = 'red'))).message).toMatch(/rules\[1\] \(redline_violated\)\.colour: unknown field/);
    expect(errorOf(withRule((r) => ((r.layers as Record<string, unknown>[])[0].share = 2))).errors).toEqual(
      expect.arrayContaining([expect.stringMatching(/layers\[0\]\.share: must be a number in \(0, 1\]/)]),
    );
    expect(errorOf(withRule((r) => (r.id = defaults.rules[0].id))).message).toMatch(/rules\[1\] \(basic_farmland_occupied\)\.id: duplicate rule id/);
    expect(errorOf(withRule((r) => (r.id = 'Bad Id'))).message).toMatch(/rules\[1\] \(Bad Id\)\.id: must be a snake_case string/);
  });

  it('collects every problem and counts the rest in the message', () => {
    const doc = withRule((r) => {
      r.severity = 'x';
      r.message = '';
    });
    const { message, errors } = errorOf(doc);
    expect(errors.length).toBe(2);
    expect(message).toMatch(/\(and 1 more\)$/);
    expect(errorOf({ version: 2, rules: {} }).errors).toEqual(['version: must be 1, got 2', 'rules: must be an array of rules']);
    expect(errorOf(null).message).toBe('my-rules.json: (root): must be an object with "version" and "rules"');
  });

  it('reads a missing or broken file as a clear error', async () => {
    await expect(loadRules('/nonexistent/rules.json')).rejects.toThrow(/^\/nonexistent\/rules\.json: cannot read/);
  });
});
