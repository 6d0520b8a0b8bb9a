import { open, type FileHandle } from 'node:fs/promises';
import { RasterError } from './raster-error.ts';

/** Bytes read once at open: a COG or a GDAL-written TIFF keeps its header and IFDs in here. */
const HEAD_BYTES = 64 * 1024;

/**
 * Random-access reads of a local file for header parsing. The first 64 KiB are cached, so parsing a
 * typical header costs one or two reads; nothing else is ever loaded whole. Reads past the end of the
 * file raise E_RASTER_HEADER naming what was being read.
 */
export class FileByteSource {
  readonly path: string;
  readonly byteLength: number;
  private readonly handle: FileHandle;
  private readonly head: Uint8Array;

  private constructor(path: string, handle: FileHandle, byteLength: number, head: Uint8Array) {
    this.path = path;
    this.handle = handle;
    this.byteLength = byteLength;
    this.head = head;
  }

  static async open(path: string): Promise<FileByteSource> {
    const handle = await openForReading(path);
    try {
      const stat = await handle.stat();
      if (!stat.isFile()) throw new RasterError('E_RASTER_OPEN', `${path}: not a regular file`, { file: path });
      const headLength = Math.min(HEAD_BYTES, stat.size);
      const head = new Uint8Array(headLength);
      await readFully(handle, head, 0, path);
      return new FileByteSource(path, handle, stat.size, head);
    } catch (err) {
      await handle.close();
      throw err;
    }
  }

  /** `length` bytes at `offset`; `what` names the structure for the error message. */
  async read(offset: number, length: number, what: string): Promise<Uint8Array> {
    if (!Number.isSafeInteger(offset) || !Number.isSafeInteger(length) || offset < 0 || length < 0) {
      throw new RasterError('E_RASTER_HEADER', `${this.path}: ${what}: invalid byte range ${offset}+${length}`, {
        file: this.path,
        offset,
      });
    }
    if (offset + length > this.byteLength) {
      throw new RasterError(
        'E_RASTER_HEADER',
        `${this.path}: ${what} at byte ${offset} (+${length} bytes) lies past the end of the file (${this.byteLength} bytes)`,
        { file: this.path, offset },
      );
    }
    if (offset + length <= this.head.length) return this.head.subarray(offset, offset + length);
    const out = new Uint8Array(length);
    await readFully(this.handle, out, offset, this.path);
    return out;
  }

  async close(): Promise<void> {
    await this.handle.close();
  }
}

/** fs read loop: a single read may return fewer bytes than asked. */
/** Opens a raster file for reading; failure is E_RASTER_OPEN naming the file. */
export async function openForReading(path: string): Promise<FileHandle> {
  try {
    return await open(path, 'r');
  } catch (err) {
    throw new RasterError('E_RASTER_OPEN', `${path}: cannot open: ${(err as Error).message}`, { file: path });
  }
}

export async function readFully(handle: FileHandle, out: Uint8Array, position: number, path: string): Promise<void> {
  let done = 0;
  while (done < out.length) {
    let bytesRead: number;
    try {
      ({ bytesRead } = await handle.read(out, done, out.length - done, position + done));
    } catch (err) {
      throw new RasterError('E_RASTER_OPEN', `${path}: read failed at byte ${position + done}: ${(err as Error).message}`, {
        file: path,
        offset: position + done,
      });
    }
    if (bytesRead === 0) {
      throw new RasterError(
        'E_RASTER_BLOCK_RANGE',
        `${path}: unexpected end of file at byte ${position + done} (wanted ${out.length - done} more bytes)`,
        { file: path, offset: position + done },
      );
    }
    done += bytesRead;
  }
}
