import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { JobError } from './jobs-error.ts';

/**
 * Checkpoint payloads: a tile result is committed to the store as one blob of length-prefixed sections,
 * each deflated, so a resumed job replays exactly the bytes the first run computed.
 */
const MAGIC = 0x4c57_5450; // 'LWTP'

export function packSections(sections: readonly Uint8Array[]): Uint8Array {
  const deflated = sections.map((s) => deflateRawSync(s, { level: 1 }));
  const total = 8 + deflated.reduce((sum, d) => sum + 8 + d.length, 0);
  const out = new Uint8Array(total);
  const view = new DataView(out.buffer);
  view.setUint32(0, MAGIC, true);
  view.setUint32(4, sections.length, true);
  let at = 8;
  deflated.forEach((d, i) => {
    view.setUint32(at, d.length, true);
    view.setUint32(at + 4, sections[i].length, true);
    out.set(d, at + 8);
    at += 8 + d.length;
  });
  return out;
}

export function unpackSections(blob: Uint8Array, what: string): Uint8Array[] {
  const view = new DataView(blob.buffer, blob.byteOffset, blob.byteLength);
  if (blob.byteLength < 8 || view.getUint32(0, true) !== MAGIC) {
    throw new JobError('E_JOB_FAILED', `${what}: checkpoint payload is not a landwatch tile payload`);
  }
  const count = view.getUint32(4, true);
  const out: Uint8Array[] = [];
  let at = 8;
  for (let i = 0; i < count; i++) {
    if (at + 8 > blob.byteLength) throw new JobError('E_JOB_FAILED', `${what}: checkpoint payload truncated`);
    const len = view.getUint32(at, true);
    const raw = view.getUint32(at + 4, true);
    const inflated = inflateRawSync(blob.subarray(at + 8, at + 8 + len), { maxOutputLength: Math.max(raw, 1) });
    if (inflated.length !== raw) throw new JobError('E_JOB_FAILED', `${what}: checkpoint section ${i} has ${inflated.length} bytes, expected ${raw}`);
    out.push(new Uint8Array(inflated.buffer, inflated.byteOffset, inflated.byteLength));
    at += 8 + len;
  }
  return out;
}

export function bytesOf(a: ArrayBufferView): Uint8Array {
  return new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
}

/** Float64Array over a copy (the inflated bytes are not 8-aligned in general). */
export function float64Of(bytes: Uint8Array): Float64Array {
  const copy = new Uint8Array(bytes.byteLength);
  copy.set(bytes);
  return new Float64Array(copy.buffer);
}
