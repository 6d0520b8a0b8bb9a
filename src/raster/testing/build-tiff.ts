/**
 * Test support: writes small classic little-endian TIFFs byte by byte, so tests can make hostile or
 * unusual files (bad tables, rotated transforms, sparse blocks) that GDAL would refuse to write.
 */
export type TagType = 'byte' | 'ascii' | 'short' | 'long' | 'double';

export interface TagSpec {
  tag: number;
  type: TagType;
  values: number[] | string;
}

export interface TiffSpec {
  tags: TagSpec[];
  /** block payloads; their offsets and byte counts are written to `offsetsTag`/`countsTag` */
  blocks?: Uint8Array[];
  tiled?: boolean;
  /** replace the computed offsets (e.g. to point past the end of the file); 0 keeps a block sparse */
  offsetsOverride?: number[];
}

const TYPE_CODE: Record<TagType, number> = { byte: 1, ascii: 2, short: 3, long: 4, double: 12 };
const TYPE_SIZE: Record<TagType, number> = { byte: 1, ascii: 1, short: 2, long: 4, double: 8 };

export function buildTiff(spec: TiffSpec): Uint8Array {
  const blocks = spec.blocks ?? [];
  const tags = spec.tags.map((t) => ({ ...t }));
  if (blocks.length > 0) {
    tags.push({ tag: spec.tiled ? 324 : 273, type: 'long', values: new Array(blocks.length).fill(0) });
    tags.push({ tag: spec.tiled ? 325 : 279, type: 'long', values: blocks.map((b) => b.length) });
  }
  tags.sort((a, b) => a.tag - b.tag);
  const count = (t: TagSpec): number => (typeof t.values === 'string' ? t.values.length + 1 : t.values.length);
  const ifdSize = 2 + tags.length * 12 + 4;
  let extra = 8 + ifdSize;
  const extraOffsets = tags.map((t) => {
    const bytes = count(t) * TYPE_SIZE[t.type];
    if (bytes <= 4) return -1;
    const at = extra;
    extra += bytes + (bytes % 2);
    return at;
  });
  let dataPos = extra;
  const blockOffsets = blocks.map((b) => {
    const at = dataPos;
    dataPos += b.length;
    return at;
  });
  const offsetsTag = tags.find((t) => t.tag === (spec.tiled ? 324 : 273) && blocks.length > 0);
  if (offsetsTag) offsetsTag.values = spec.offsetsOverride ?? blockOffsets;

  const out = new Uint8Array(dataPos);
  const dv = new DataView(out.buffer);
  out[0] = 0x49;
  out[1] = 0x49;
  dv.setUint16(2, 42, true);
  dv.setUint32(4, 8, true);
  dv.setUint16(8, tags.length, true);
  tags.forEach((t, i) => {
    const p = 10 + i * 12;
    dv.setUint16(p, t.tag, true);
    dv.setUint16(p + 2, TYPE_CODE[t.type], true);
    dv.setUint32(p + 4, count(t), true);
    const at = extraOffsets[i] < 0 ? p + 8 : extraOffsets[i];
    if (extraOffsets[i] >= 0) dv.setUint32(p + 8, at, true);
    writeValues(dv, at, t);
  });
  blocks.forEach((b, i) => out.set(b, blockOffsets[i]));
  return out;
}

function writeValues(dv: DataView, at: number, t: TagSpec): void {
  if (typeof t.values === 'string') {
    for (let i = 0; i < t.values.length; i++) dv.setUint8(at + i, t.values.charCodeAt(i));
    dv.setUint8(at + t.values.length, 0);
    return;
  }
  t.values.forEach((v, i) => {
    if (t.type === 'byte') dv.setUint8(at + i, v);
    else if (t.type === 'short') dv.setUint16(at + 2 * i, v, true);
    else if (t.type === 'long') dv.setUint32(at + 4 * i, v, true);
    else dv.setFloat64(at + 8 * i, v, true);
  });
}

/** Tags of a minimal single-band uint8 image, to spread and override in tests. */
export function basicTags(width: number, height: number, extra: TagSpec[] = []): TagSpec[] {
  const base: TagSpec[] = [
    { tag: 256, type: 'long', values: [width] },
    { tag: 257, type: 'long', values: [height] },
    { tag: 258, type: 'short', values: [8] },
    { tag: 259, type: 'short', values: [1] },
    { tag: 262, type: 'short', values: [1] },
    { tag: 277, type: 'short', values: [1] },
    { tag: 278, type: 'long', values: [height] },
  ];
  const replaced = new Set(extra.map((t) => t.tag));
  return [...base.filter((t) => !replaced.has(t.tag)), ...extra];
}
