/**
 * TIFF / BigTIFF IFD encoding (little-endian). An IFD's byte length depends only on its tags' types and
 * counts, never on their values, so a layout can be sized first and filled in once offsets are known.
 */

export const TYPE_ASCII = 2;
export const TYPE_SHORT = 3;
export const TYPE_LONG = 4;
export const TYPE_DOUBLE = 12;
export const TYPE_LONG8 = 16;
export type TagType = typeof TYPE_ASCII | typeof TYPE_SHORT | typeof TYPE_LONG | typeof TYPE_DOUBLE | typeof TYPE_LONG8;

const TYPE_BYTES: Record<TagType, number> = { 2: 1, 3: 2, 4: 4, 12: 8, 16: 8 };

export interface TagEntry {
  tag: number;
  type: TagType;
  /** ASCII: the bytes including the terminating NUL; otherwise the numbers */
  values: ArrayLike<number>;
}

export function asciiTag(tag: number, text: string): TagEntry {
  const bytes = Buffer.from(`${text}\0`, 'utf8');
  return { tag, type: TYPE_ASCII, values: bytes };
}

function valueBytes(e: TagEntry): number {
  return e.values.length * TYPE_BYTES[e.type];
}

export function ifdByteLength(entries: TagEntry[], bigTiff: boolean): number {
  const inline = bigTiff ? 8 : 4;
  let n = bigTiff ? 8 + entries.length * 20 + 8 : 2 + entries.length * 12 + 4;
  for (const e of entries) {
    const size = valueBytes(e);
    if (size > inline) n += size + (size & 1);
  }
  return n;
}

/** Encodes one IFD placed at file offset `at`, pointing to `nextIfd` (0 for the last). Tags must be sorted. */
export function encodeIfd(entries: TagEntry[], at: number, nextIfd: number, bigTiff: boolean): Buffer {
  const buf = Buffer.alloc(ifdByteLength(entries, bigTiff));
  const inline = bigTiff ? 8 : 4;
  const entrySize = bigTiff ? 20 : 12;
  let p = 0;
  if (bigTiff) p = buf.writeBigUInt64LE(BigInt(entries.length), 0);
  else p = buf.writeUInt16LE(entries.length, 0);
  let extra = p + entries.length * entrySize + (bigTiff ? 8 : 4);
  let prevTag = -1;
  for (const e of entries) {
    if (e.tag <= prevTag) throw new Error(`IFD tags out of order at ${e.tag}`);
    prevTag = e.tag;
    buf.writeUInt16LE(e.tag, p);
    buf.writeUInt16LE(e.type, p + 2);
    if (bigTiff) buf.writeBigUInt64LE(BigInt(e.values.length), p + 4);
    else buf.writeUInt32LE(e.values.length, p + 4);
    const valueAt = p + (bigTiff ? 12 : 8);
    const size = valueBytes(e);
    if (size <= inline) {
      writeValues(buf, valueAt, e);
    } else {
      writeOffset(buf, valueAt, at + extra, bigTiff);
      writeValues(buf, extra, e);
      extra += size + (size & 1);
    }
    p += entrySize;
  }
  writeOffset(buf, p, nextIfd, bigTiff);
  return buf;
}

function writeOffset(buf: Buffer, at: number, value: number, bigTiff: boolean): void {
  if (bigTiff) buf.writeBigUInt64LE(BigInt(value), at);
  else buf.writeUInt32LE(value, at);
}

function writeValues(buf: Buffer, at: number, e: TagEntry): void {
  const v = e.values;
  switch (e.type) {
    case TYPE_ASCII:
      for (let i = 0; i < v.length; i++) buf[at + i] = v[i];
      return;
    case TYPE_SHORT:
      for (let i = 0; i < v.length; i++) buf.writeUInt16LE(v[i], at + 2 * i);
      return;
    case TYPE_LONG:
      for (let i = 0; i < v.length; i++) buf.writeUInt32LE(v[i], at + 4 * i);
      return;
    case TYPE_DOUBLE:
      for (let i = 0; i < v.length; i++) buf.writeDoubleLE(v[i], at + 8 * i);
      return;
    case TYPE_LONG8:
      for (let i = 0; i < v.length; i++) buf.writeBigUInt64LE(BigInt(v[i]), at + 8 * i);
      return;
  }
}

/** TIFF or BigTIFF header pointing at the first IFD. */
export function encodeHeader(firstIfd: number, bigTiff: boolean): Buffer {
  const buf = Buffer.alloc(bigTiff ? 16 : 8);
  buf.write('II', 0, 'latin1');
  if (bigTiff) {
    buf.writeUInt16LE(43, 2);
    buf.writeUInt16LE(8, 4);
    buf.writeUInt16LE(0, 6);
    buf.writeBigUInt64LE(BigInt(firstIfd), 8);
  } else {
    buf.writeUInt16LE(42, 2);
    buf.writeUInt32LE(firstIfd, 4);
  }
  return buf;
}
