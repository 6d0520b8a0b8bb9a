import { describe, expect, it } from 'vitest';
import { decodeBlob, encodeBlob, fromQueueJson, toQueueJson, typedArrayBytes } from './bullmq-codec.ts';
import { failureReason, parseFailureReason, parseTileJobData, resultKey, taskJobId } from './bullmq-protocol.ts';
import { parseTaskResult } from './bullmq-result.ts';

const sample = () => ({
  tile: { id: 7, col: 3, row: 1, label: 'tile 3,1' },
  codes: Uint8Array.of(0, 1, 255),
  counts: Float64Array.of(1.5, -0, Number.NaN, Infinity, -Infinity),
  table: Int16Array.of(-3, 0, 32767),
  nested: { bands: [Float32Array.of(0.25), Uint16Array.of(65535)], nodata: Number.NaN, gain: -0, off: null },
  ms: { read: 1.25, kernel: 2 },
});

function expectSame(a: unknown, b: unknown): void {
  // toEqual treats NaN as equal to NaN and -0 as different from 0, which is what must survive
  expect(a).toEqual(b);
  expect(Object.is((a as { nested: { gain: number } }).nested.gain, -0)).toBe(true);
}

describe('bullmq codec', () => {
  it('a task survives queue JSON with its typed arrays, NaN, ±Infinity and -0', () => {
    const v = sample();
    const json = JSON.parse(JSON.stringify(toQueueJson(v)));
    const back = fromQueueJson(json) as ReturnType<typeof sample>;
    expectSame(back, v);
    expect(back.table).toBeInstanceOf(Int16Array);
    expect(back.nested.bands[1]).toBeInstanceOf(Uint16Array);
  });

  it('a result survives the binary blob, at any byte offset of the reply buffer', () => {
    const v = sample();
    const blob = encodeBlob(v);
    expectSame(decodeBlob(blob, 'k'), v);
    const shifted = Buffer.alloc(blob.length + 3);
    blob.copy(shifted, 3);
    const back = decodeBlob(shifted.subarray(3), 'k') as ReturnType<typeof sample>;
    expectSame(back, v);
    expect(back.counts.byteOffset).toBe(0);
  });

  it('keeps typed-array bytes out of the JSON skeleton (8-aligned sections)', () => {
    const big = { codes: new Uint8Array(100_000).fill(9), f: new Float64Array(3) };
    const blob = encodeBlob(big);
    expect(blob.length).toBeLessThan(100_000 + 24 + 200);
    expect(typedArrayBytes(big)).toBe(100_024);
  });

  it('refuses a blob that is not one, or is cut short', () => {
    expect(() => decodeBlob(Buffer.from('hello world, not a blob'), 'lw:result:x')).toThrow(/lw:result:x: not a landwatch result blob/);
    const blob = encodeBlob({ a: new Float64Array(16) });
    expect(() => decodeBlob(blob.subarray(0, blob.length - 8), 'k')).toThrow(/past the end/);
  });

  it('refuses values JSON cannot carry, naming where', () => {
    expect(() => toQueueJson({ when: new Date(0) })).toThrow(/task\.when/);
  });
});

describe('bullmq protocol', () => {
  it('ids are attempt-independent and free of the colon BullMQ refuses', () => {
    expect(taskJobId('6e8af290273c4d4d', 'label', '12')).toBe('6e8af290273c4d4d.label.12');
    expect(resultKey('6e8af290273c4d4d', 'label', '12')).toBe('lw:result:6e8af290273c4d4d:label:12');
  });

  it('a typed error survives the failure reason; other reasons are not mistaken for one', () => {
    const e = { name: 'RasterError', code: 'E_RASTER_OPEN', message: 'a.tif: cannot open on worker h1', details: { file: 'a.tif', worker: 'h1' } };
    expect(parseFailureReason(failureReason(e))).toEqual(e);
    expect(parseFailureReason('job stalled more than allowable limit')).toBeNull();
    expect(parseFailureReason('{"code":"E_X","message":"m"}')).toBeNull();
  });

  it('job data is narrowed: exactly one of an inline task or a task key', () => {
    const base = { v: 1, resultKey: 'lw:result:a:b:1', ttlS: 60, label: 'tile 0,0' };
    expect(parseTileJobData({ ...base, task: { a: 1 } })?.task).toEqual({ a: 1 });
    expect(parseTileJobData({ ...base, taskKey: 'lw:task:a:b:1' })?.taskKey).toBe('lw:task:a:b:1');
    expect(parseTileJobData({ ...base })).toBeNull();
    expect(parseTileJobData({ ...base, task: {}, taskKey: 'lw:task:a:b:1' })).toBeNull();
    expect(parseTileJobData({ ...base, resultKey: 'elsewhere', task: {} })).toBeNull();
  });

  it('a result that is not an object is E_POOL_BAD_REPLY naming the tile', () => {
    expect(() => parseTaskResult('stats', Float64Array.of(1), 'tile 1,2')).toThrow(/tile 1,2: stats result/);
    expect(parseTaskResult('histogram', { counts: Float64Array.of(1), ms: 1 }, 't')).toBeTruthy();
  });
});
