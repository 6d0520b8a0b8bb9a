import { deflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { deflateCodec } from './deflate.ts';
import { codecFor, compressionName } from './index.ts';

describe('deflateCodec', () => {
  const raw = Uint8Array.from({ length: 10_000 }, (_, i) => (i * 7) & 0xff);
  const scratch = new Uint8Array(0);

  it('inflates a zlib stream to the expected bytes', () => {
    expect(Buffer.from(deflateCodec.decode(deflateSync(raw), raw.length, scratch)).equals(Buffer.from(raw))).toBe(true);
  });

  it('refuses a stream that inflates far past the block (deflate bomb)', () => {
    const bomb = deflateSync(new Uint8Array(50_000_000));
    expect(() => deflateCodec.decode(bomb, 1000, scratch)).toThrow(/deflate bomb/);
  });

  it('returns the short output of a truncated stream for the caller to report', () => {
    const cut = deflateSync(raw).subarray(0, 100);
    expect(deflateCodec.decode(cut, raw.length, scratch).length).toBeLessThan(raw.length);
  });

  it('throws on a corrupt header', () => {
    const bad = Uint8Array.from(deflateSync(raw));
    bad[0] = 0;
    expect(() => deflateCodec.decode(bad, raw.length, scratch)).toThrow(/corrupt/);
  });
});

describe('codec registry', () => {
  it('maps both Deflate codes to one codec and knows unsupported names', () => {
    expect(codecFor(8)).toBe(codecFor(32946));
    expect(codecFor(7)).toBeUndefined();
    expect(compressionName(50001)).toBe('WEBP');
    expect(compressionName(12345)).toBe('UNKNOWN(12345)');
  });
});
