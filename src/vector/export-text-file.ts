import { open, rename, rm, type FileHandle } from 'node:fs/promises';
import { VectorError } from './vector-error.ts';

/**
 * A text output written to `path + '.tmp'` in ~1 MB chunks and renamed onto `path` only by commit(), so
 * no half-written file ever carries the final name. abort() removes the temporary file.
 */
export class ExportTextFile {
  readonly path: string;
  readonly tmpPath: string;
  private readonly fh: FileHandle;
  private chunks: string[] = [];
  private pending = 0;
  private static readonly FLUSH_CHARS = 1 << 20;

  private constructor(path: string, fh: FileHandle) {
    this.path = path;
    this.tmpPath = `${path}.tmp`;
    this.fh = fh;
  }

  static async open(path: string): Promise<ExportTextFile> {
    try {
      return new ExportTextFile(path, await open(`${path}.tmp`, 'w'));
    } catch (err) {
      throw exportError(path, 'cannot create', err);
    }
  }

  /** Append text; flushes to disk when the buffer passes ~1 MB. */
  async write(text: string): Promise<void> {
    this.chunks.push(text);
    this.pending += text.length;
    if (this.pending >= ExportTextFile.FLUSH_CHARS) await this.flush();
  }

  private async flush(): Promise<void> {
    if (this.chunks.length === 0) return;
    const text = this.chunks.join('');
    this.chunks = [];
    this.pending = 0;
    try {
      await this.fh.write(text);
    } catch (err) {
      throw exportError(this.path, 'cannot write', err);
    }
  }

  async commit(): Promise<void> {
    await this.flush();
    try {
      await this.fh.close();
      await rename(this.tmpPath, this.path);
    } catch (err) {
      throw exportError(this.path, 'cannot finish', err);
    }
  }

  async abort(): Promise<void> {
    await this.fh.close().catch(() => undefined);
    await rm(this.tmpPath, { force: true });
  }
}

/** Run `body` against a temporary file; commit on success, remove the temporary file on failure. */
export async function withExportTextFile(path: string, body: (out: ExportTextFile) => Promise<void>): Promise<void> {
  const out = await ExportTextFile.open(path);
  try {
    await body(out);
  } catch (err) {
    await out.abort();
    throw err;
  }
  await out.commit();
}

export function exportError(path: string, what: string, err: unknown): VectorError {
  const reason = err instanceof Error ? err.message : String(err);
  return new VectorError('E_VECTOR_EXPORT', `${path}: ${what}: ${reason}`, { file: path });
}
