import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BenchHeader } from './bench-header.ts';

export const RESULTS_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', 'results');

export interface BenchDocument {
  header: BenchHeader;
  [section: string]: unknown;
}

/**
 * Writes the document to `--json <file>` (when given) and appends it to the history file
 * bench/results/<YYYY-MM-DD>-<bench>.json (a JSON array, one entry per run), so runs can be compared over
 * time on the same machine. Returns the history path, or null when recording is off.
 */
export async function recordResult(doc: BenchDocument, opts: { json: string | null; record: boolean; resultsDir?: string }): Promise<string | null> {
  const text = `${JSON.stringify(doc, null, 2)}\n`;
  if (opts.json) {
    await mkdir(dirname(opts.json), { recursive: true });
    await writeFile(opts.json, text);
  }
  if (!opts.record) return null;
  const dir = opts.resultsDir ?? RESULTS_DIR;
  await mkdir(dir, { recursive: true });
  const file = join(dir, `${doc.header.date.slice(0, 10)}-${doc.header.bench}.json`);
  let history: unknown[] = [];
  try {
    const parsed: unknown = JSON.parse(await readFile(file, 'utf8'));
    if (Array.isArray(parsed)) history = parsed;
  } catch {
    // no history yet (or unreadable): start a new one
  }
  history.push(doc);
  await writeFile(file, `${JSON.stringify(history, null, 2)}\n`);
  return file;
}
