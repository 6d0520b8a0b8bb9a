import { open, type FileHandle } from 'node:fs/promises';

/**
 * Append-only scratch file for compressed tiles: the writer keeps only (offset, length) per tile, so
 * memory stays bounded whatever the raster size. Offsets are reserved synchronously, so concurrent
 * appends never overlap and may finish in any order.
 */
export class Spool {
  private end = 0;

  private constructor(
    readonly path: string,
    private readonly fh: FileHandle,
  ) {}

  static async create(path: string): Promise<Spool> {
    return new Spool(path, await open(path, 'wx+'));
  }

  get byteLength(): number {
    return this.end;
  }

  /** Appends `bytes`, resolving to the offset they were written at. */
  async append(bytes: Uint8Array): Promise<number> {
    const at = this.end;
    this.end += bytes.length;
    let done = 0;
    while (done < bytes.length) {
      const { bytesWritten } = await this.fh.write(bytes, done, bytes.length - done, at + done);
      done += bytesWritten;
    }
    return at;
  }

  /** Reads `length` bytes at `offset` into `into` (from its start). */
  async read(offset: number, length: number, into: Uint8Array): Promise<Uint8Array> {
    let done = 0;
    while (done < length) {
      const { bytesRead } = await this.fh.read(into, done, length - done, offset + done);
      if (bytesRead === 0) throw new Error(`spool ends at ${offset + done}, wanted ${length} bytes at ${offset}`);
      done += bytesRead;
    }
    return into.subarray(0, length);
  }

  async close(): Promise<void> {
    await this.fh.close();
  }
}
