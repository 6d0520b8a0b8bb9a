import { JobError } from './jobs-error.ts';
import type { NumericArray } from '../kernels/kernel-types.ts';

/**
 * How tile tasks and results cross Redis. BullMQ stores job data and return values as JSON, which loses
 * typed arrays and turns NaN/±Infinity into null (a NaN nodata value would silently change the result). So:
 *
 * - tasks (small: paths, byte ranges, parameters) go in the job's data as JSON with tags:
 *   a typed array becomes `{ "$typed": "Float64Array", "b64": "…" }`, a non-finite number or -0
 *   `{ "$num": "NaN" | "Infinity" | "-Infinity" | "-0" }` — readable in any Redis browser;
 * - results (large: change codes, components) are one binary blob in a Redis key, not in BullMQ:
 *   'LWB1', version, flags (bit 0: little-endian), 2 reserved bytes, u32 JSON length, the JSON skeleton
 *   (typed arrays as `{ "$typed": name, "o": byteOffset, "n": length }`), then each array's bytes, 8-aligned.
 *
 * Both decoders return fresh, aligned typed arrays, so nothing keeps the Redis reply buffer alive.
 */
const MAGIC = 0x3142_574c; // 'LWB1' read little-endian
const VERSION = 1;
const FLAG_LITTLE_ENDIAN = 1;
const HEADER_BYTES = 12;
const HOST_LITTLE_ENDIAN = new Uint8Array(Uint16Array.of(1).buffer)[0] === 1;

type TypedArray = NumericArray;

const TYPED = {
  Uint8Array,
  Int8Array,
  Uint16Array,
  Int16Array,
  Uint32Array,
  Int32Array,
  Float32Array,
  Float64Array,
} as const;
type TypedName = keyof typeof TYPED;

function typedName(v: unknown): TypedName | null {
  if (!ArrayBuffer.isView(v) || v instanceof DataView) return null;
  const name = v.constructor.name;
  return name in TYPED ? (name as TypedName) : null;
}

function numberTag(v: number): { $num: string } | null {
  if (Number.isNaN(v)) return { $num: 'NaN' };
  if (v === Infinity) return { $num: 'Infinity' };
  if (v === -Infinity) return { $num: '-Infinity' };
  if (Object.is(v, -0)) return { $num: '-0' };
  return null;
}

const NUMBERS: Record<string, number> = { NaN: Number.NaN, Infinity, '-Infinity': -Infinity, '-0': -0 };

/** Walks plain data (objects, arrays, numbers, strings, booleans, null, typed arrays), tagging what JSON loses. */
function tagValue(v: unknown, onTyped: (a: TypedArray, name: TypedName) => unknown, where: string): unknown {
  if (v === null || typeof v === 'string' || typeof v === 'boolean') return v;
  if (typeof v === 'number') return numberTag(v) ?? v;
  if (v === undefined) return undefined;
  const name = typedName(v);
  if (name) return onTyped(v as TypedArray, name);
  if (Array.isArray(v)) return v.map((x, i) => tagValue(x, onTyped, `${where}[${i}]`) ?? null);
  if (typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype) {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) {
      const t = tagValue(x, onTyped, `${where}.${k}`);
      if (t !== undefined) out[k] = t;
    }
    return out;
  }
  throw new JobError('E_JOB_BACKEND', `${where}: cannot send a ${Object.prototype.toString.call(v)} through the queue`);
}

function untagValue(v: unknown, onTyped: (tag: Record<string, unknown>, name: TypedName) => TypedArray): unknown {
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) return v.map((x) => untagValue(x, onTyped));
  const o = v as Record<string, unknown>;
  if (typeof o.$typed === 'string') {
    if (!(o.$typed in TYPED)) throw new JobError('E_JOB_BACKEND', `queue payload names an unknown array type ${o.$typed}`);
    return onTyped(o, o.$typed as TypedName);
  }
  if (typeof o.$num === 'string' && o.$num in NUMBERS) return NUMBERS[o.$num];
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(o)) out[k] = untagValue(x, onTyped);
  return out;
}

function bytesOfView(a: ArrayBufferView): Uint8Array {
  return new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
}

/** Bytes held in typed arrays anywhere in plain data (decides inline JSON vs. a binary blob). */
export function typedArrayBytes(v: unknown): number {
  if (typeof v !== 'object' || v === null) return 0;
  if (ArrayBuffer.isView(v)) return v.byteLength;
  let n = 0;
  for (const x of Array.isArray(v) ? v : Object.values(v)) n += typedArrayBytes(x);
  return n;
}

/** A task as JSON-safe data for BullMQ's job data (typed arrays in base64, non-finite numbers tagged). */
export function toQueueJson(value: unknown): unknown {
  return tagValue(value, (a, name) => ({ $typed: name, b64: Buffer.from(bytesOfView(a)).toString('base64') }), 'task');
}

/** The inverse of toQueueJson; the result is unknown until the caller narrows it. */
export function fromQueueJson(json: unknown): unknown {
  return untagValue(json, (tag, name) => {
    if (typeof tag.b64 !== 'string') throw new JobError('E_JOB_BACKEND', `queue payload: ${name} without base64 data`);
    const bytes = Buffer.from(tag.b64, 'base64');
    const Ctor = TYPED[name];
    if (bytes.byteLength % Ctor.BYTES_PER_ELEMENT !== 0) throw new JobError('E_JOB_BACKEND', `queue payload: ${name} of ${bytes.byteLength} bytes`);
    const copy = new Uint8Array(bytes.byteLength);
    copy.set(bytes);
    return new Ctor(copy.buffer);
  });
}

const align8 = (n: number) => (n + 7) & ~7;

/** A result as one binary blob: header, JSON skeleton, then every typed array's bytes (8-aligned). */
export function encodeBlob(value: unknown): Buffer {
  const arrays: Uint8Array[] = [];
  let dataBytes = 0;
  const skeleton = tagValue(
    value,
    (a, name) => {
      const tag = { $typed: name, o: dataBytes, n: a.length };
      arrays.push(bytesOfView(a));
      dataBytes += align8(a.byteLength);
      return tag;
    },
    'result',
  );
  const json = Buffer.from(JSON.stringify(skeleton), 'utf8');
  const dataStart = align8(HEADER_BYTES + json.byteLength);
  const out = Buffer.alloc(dataStart + dataBytes);
  out.writeUInt32LE(MAGIC, 0);
  out[4] = VERSION;
  out[5] = HOST_LITTLE_ENDIAN ? FLAG_LITTLE_ENDIAN : 0;
  out.writeUInt32LE(json.byteLength, 8);
  json.copy(out, HEADER_BYTES);
  let at = dataStart;
  for (const bytes of arrays) {
    out.set(bytes, at);
    at += align8(bytes.byteLength);
  }
  return out;
}

/** The inverse of encodeBlob; `what` names the blob in errors (its Redis key). */
export function decodeBlob(blob: Uint8Array, what: string): unknown {
  const bad = (why: string) => new JobError('E_JOB_BACKEND', `${what}: not a landwatch result blob (${why})`, { key: what });
  if (blob.byteLength < HEADER_BYTES) throw bad(`${blob.byteLength} bytes`);
  const view = new DataView(blob.buffer, blob.byteOffset, blob.byteLength);
  if (view.getUint32(0, true) !== MAGIC) throw bad('bad magic');
  if (blob[4] !== VERSION) throw bad(`version ${blob[4]}`);
  if (Boolean(blob[5] & FLAG_LITTLE_ENDIAN) !== HOST_LITTLE_ENDIAN) throw bad('written on a machine of the other byte order');
  const jsonBytes = view.getUint32(8, true);
  if (HEADER_BYTES + jsonBytes > blob.byteLength) throw bad('truncated header');
  const dataStart = align8(HEADER_BYTES + jsonBytes);
  let skeleton: unknown;
  try {
    skeleton = JSON.parse(Buffer.from(blob.buffer, blob.byteOffset + HEADER_BYTES, jsonBytes).toString('utf8'));
  } catch {
    throw bad('bad JSON skeleton');
  }
  return untagValue(skeleton, (tag, name) => {
    const Ctor = TYPED[name];
    const o = tag.o;
    const n = tag.n;
    if (typeof o !== 'number' || typeof n !== 'number' || !Number.isInteger(o) || !Number.isInteger(n) || o < 0 || n < 0) throw bad(`bad ${name} section`);
    const start = dataStart + o;
    const end = start + n * Ctor.BYTES_PER_ELEMENT;
    if (end > blob.byteLength) throw bad(`${name} section past the end`);
    const copy = new Uint8Array(end - start);
    copy.set(blob.subarray(start, end));
    return new Ctor(copy.buffer);
  });
}
