// Worker entry: registers the TypeScript loader in this thread, then re-exports the handlers of
// tile-worker.ts by name (piscina's `name` option). Works under tsx, vitest and plain node alike.
import { register } from 'tsx/esm/api';

register();
const handlers = await import('./tile-worker.ts');

export const decode = handlers.decode;
export const stats = handlers.stats;
export const histogram = handlers.histogram;
export const change = handlers.change;
export const label = handlers.label;
export const detectTile = handlers.detectTile;
export const sieveApply = handlers.sieveApply;
