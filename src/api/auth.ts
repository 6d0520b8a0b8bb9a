import { createHash, timingSafeEqual } from 'node:crypto';

export type AuthLevel = 'none' | 'read' | 'write';
export type AuthOutcome = 'ok' | 'missing' | 'wrong';

function digest(s: string): Buffer {
  return createHash('sha256').update(s, 'utf8').digest();
}

/**
 * Check an `Authorization` header against the expected bearer token. Both sides are hashed first so
 * timingSafeEqual always sees equal lengths and the comparison time says nothing about the token.
 */
export function checkBearer(header: string | undefined, token: string): AuthOutcome {
  if (header === undefined) return 'missing';
  const m = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header);
  if (m === null) return 'missing';
  return timingSafeEqual(digest(m[1]!), digest(token)) ? 'ok' : 'wrong';
}

/** Whether a route at this level needs a token, given the server options. A null token disables auth. */
export function needsToken(level: AuthLevel, token: string | null, readPublic: boolean): token is string {
  if (token === null || level === 'none') return false;
  return level === 'write' || !readPublic;
}
