/**
 * Pick HTML or JSON for routes that have both. `?f=html|json` wins (the OGC API convention); otherwise the
 * Accept header's highest-q media type among text/html and application/json, JSON on ties and for `*\/*`.
 */
export function wantsHtml(accept: string | undefined, f: unknown): boolean {
  if (f === 'html') return true;
  if (f === 'json') return false;
  if (accept === undefined) return false;
  let qHtml = 0;
  let qJson = 0;
  for (const part of accept.split(',')) {
    const [rawType, ...params] = part.trim().split(';');
    const type = (rawType ?? '').trim().toLowerCase();
    let q = 1;
    for (const p of params) {
      const [k, v] = p.split('=');
      if (k?.trim() === 'q' && v !== undefined) {
        const n = Number(v.trim());
        if (Number.isFinite(n)) q = n;
      }
    }
    if (type === 'text/html' || type === 'application/xhtml+xml') qHtml = Math.max(qHtml, q);
    else if (type === 'application/json' || type.endsWith('+json')) qJson = Math.max(qJson, q);
  }
  return qHtml > qJson;
}

export function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}
