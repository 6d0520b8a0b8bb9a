import { describe, expect, it } from 'vitest';
import { parseJsonc } from './parse-jsonc.ts';

describe('parseJsonc', () => {
  it('reads plain JSON, a byte-order mark, comments and trailing commas; keeps comment-like text in strings', () => {
    expect(parseJsonc('{"a": 1}')).toEqual({ a: 1 });
    expect(parseJsonc('\uFEFF{"a": [1, 2]}')).toEqual({ a: [1, 2] });
    expect(parseJsonc('{\n // note\n "a": "x // y /* z */", /* b */ "b": [1, 2,],\n}')).toEqual({ a: 'x // y /* z */', b: [1, 2] });
    expect(parseJsonc('{"a": "say \\"hi\\", // not a comment"}')).toEqual({ a: 'say "hi", // not a comment' });
  });

  it('still rejects what is not JSON', () => {
    expect(() => parseJsonc('{"a": }')).toThrow(SyntaxError);
    expect(() => parseJsonc('{"a": 1 // unterminated\n')).toThrow(SyntaxError);
    expect(() => parseJsonc('')).toThrow(SyntaxError);
  });
});
