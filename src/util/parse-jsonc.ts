/**
 * JSON as people save it: an optional UTF-8 byte-order mark, `//` and block comments, trailing commas
 * before `}` or `]`. Comments and commas inside strings are kept. Throws JSON.parse's SyntaxError (with
 * a line:column prefix when the text has comments) for anything else.
 */
export function parseJsonc(text: string): unknown {
  const src = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  try {
    return JSON.parse(src) as unknown;
  } catch (plainErr) {
    const stripped = stripJsonc(src);
    if (stripped === src) throw plainErr;
    return JSON.parse(stripped) as unknown;
  }
}

/** Comments → spaces (newlines kept, so positions in errors still match), trailing commas → spaces. */
function stripJsonc(s: string): string {
  const out: string[] = [];
  let i = 0;
  let lastSignificant = -1; // index in out of the last non-space char outside comments
  while (i < s.length) {
    const c = s[i];
    if (c === '"') {
      let j = i + 1;
      while (j < s.length && s[j] !== '"') j += s[j] === '\\' ? 2 : 1;
      out.push(s.slice(i, j + 1));
      lastSignificant = out.length - 1;
      i = j + 1;
    } else if (c === '/' && s[i + 1] === '/') {
      let j = i;
      while (j < s.length && s[j] !== '\n') j++;
      out.push(' '.repeat(j - i));
      i = j;
    } else if (c === '/' && s[i + 1] === '*') {
      const end = s.indexOf('*/', i + 2);
      const j = end < 0 ? s.length : end + 2;
      out.push(s.slice(i, j).replace(/[^\n]/g, ' '));
      i = j;
    } else if ((c === '}' || c === ']') && lastSignificant >= 0 && out[lastSignificant] === ',') {
      out[lastSignificant] = ' ';
      out.push(c);
      lastSignificant = out.length - 1;
      i++;
    } else {
      out.push(c);
      if (c !== ' ' && c !== '\n' && c !== '\r' && c !== '\t') lastSignificant = out.length - 1;
      i++;
    }
  }
  return out.join('');
}
