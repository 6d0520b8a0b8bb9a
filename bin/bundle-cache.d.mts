export const ROOT: string;
/** The file URL of the cached esbuild bundle of `entry` (relative to the repo root), or null (use tsx). */
export function bundledEntry(entry: string, name: string): Promise<string | null>;
/** The URL of the cached single-file bundle of a worker entry, built synchronously if needed, or null (use tsx). */
export function bundledFileSync(entry: string, name: string): string | null;
