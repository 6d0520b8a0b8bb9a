import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { fromFile } from 'geotiff';
import type { NumericArray } from './kernel-types.ts';
import { validMask } from './valid-mask.ts';
import { bandMeanStd, bandStats } from './band-stats.ts';
import { normalizationFromStats } from './normalization.ts';
import { cvaMagnitude } from './cva-magnitude.ts';
import { histogram } from './histogram.ts';
import { magnitudeHistogramSpec } from './magnitude-histogram-spec.ts';
import { otsuThreshold } from './otsu-threshold.ts';
import { TRANSITION_CLASS_SPAN, TRANSITION_INVALID, classPairCounts, transitionCodes } from './transition-codes.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const dataDir = path.resolve(repoRoot, '../shared/data');
const real = path.join(dataDir, 'real');

async function readBands(file: string): Promise<{ bands: NumericArray[]; width: number; height: number }> {
  const tiff = await fromFile(file);
  const image = await tiff.getImage();
  const rasters = await image.readRasters();
  const bands: NumericArray[] = [];
  for (let b = 0; b < rasters.length; b++) bands.push(rasters[b] as NumericArray);
  return { bands, width: image.getWidth(), height: image.getHeight() };
}

interface Pair {
  a: NumericArray[];
  b: NumericArray[];
  labels: NumericArray;
  n: number;
}

const pairs = new Map<string, Promise<Pair>>();

/** Each pair is decoded once per test file. */
function readPair(site: string, yearA: string, yearB: string): Promise<Pair> {
  let pair = pairs.get(site);
  if (pair === undefined) {
    pair = decodePair(site, yearA, yearB);
    pairs.set(site, pair);
  }
  return pair;
}

async function decodePair(site: string, yearA: string, yearB: string): Promise<Pair> {
  const a = await readBands(path.join(real, site, `${site}_${yearA}.tif`));
  const b = await readBands(path.join(real, site, `${site}_${yearB}.tif`));
  const labels = await readBands(path.join(real, site, `${site}_reference_labels.tif`));
  return { a: a.bands, b: b.bands, labels: labels.bands[0], n: a.width * a.height };
}

/** Otsu on the CVA magnitude (fixed uint8 spec), then F1 against labels 1 changed / 0 unchanged (255 ignored). */
function otsuF1(pair: Pair, normalise: boolean): { threshold: number; f1: number } {
  const { a, b, labels, n } = pair;
  const valid = validMask(a, b, null, null, n);
  const norm = normalise ? normalizationFromStats(bandStats(a, valid, n), bandStats(b, valid, n)) : null;
  const magnitude = cvaMagnitude(a, b, null, norm, valid, n);
  const spec = magnitudeHistogramSpec('uint8', a.length, norm);
  const threshold = otsuThreshold(histogram(magnitude, valid, n, spec), spec);
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (let i = 0; i < n; i++) {
    const label = labels[i];
    if (label === 255) continue;
    const changed = magnitude[i] > threshold;
    if (changed && label === 1) tp++;
    else if (changed) fp++;
    else if (label === 1) fn++;
  }
  return { threshold, f1: (2 * tp) / (2 * tp + fp + fn) };
}

describe.skipIf(!existsSync(dataDir))('kernels on the real Landsat pairs', () => {
  it('Taizhou CVA on integer DNs: 86321 pixels above 40, 10304 above 60 (data README)', async () => {
    const { a, b, n } = await readPair('taizhou', '2000', '2003');
    expect(a).toHaveLength(6);
    const valid = validMask(a, b, null, null, n);
    const magnitude = cvaMagnitude(a, b, null, null, valid, n);
    let above40 = 0;
    let above60 = 0;
    let sum = 0;
    let max = 0;
    for (let i = 0; i < n; i++) {
      const m = magnitude[i];
      if (m > 40) above40++;
      if (m > 60) above60++;
      sum += m;
      if (m > max) max = m;
    }
    expect(above40).toBe(86321);
    expect(above60).toBe(10304);
    expect(sum / n).toBeCloseTo(42.51037251868465, 4);
    expect(max).toBeCloseTo(198.83158702781608, 4);
  });

  it('Taizhou band statistics match the README means and population stds, and normalisation equalises them', async () => {
    const { a, b, n } = await readPair('taizhou', '2000', '2003');
    const valid = validMask(a, b, null, null, n);
    const sa = bandStats(a, valid, n);
    const sb = bandStats(b, valid, n);
    const expectedA = [
      [99.111187, 6.284565],
      [77.140519, 6.325362],
      [73.250694, 10.767157],
      [59.800975, 11.96422],
      [68.81075, 12.599476],
      [51.104594, 14.120017],
    ];
    const expectedB = [
      [76.709306, 7.0278],
      [58.531213, 6.896063],
      [57.911931, 9.786785],
      [57.465031, 11.846802],
      [51.703225, 12.223528],
      [40.273556, 11.544865],
    ];
    for (let band = 0; band < 6; band++) {
      expect(bandMeanStd(sa, band).mean).toBeCloseTo(expectedA[band][0], 5);
      expect(bandMeanStd(sa, band).std).toBeCloseTo(expectedA[band][1], 5);
      expect(bandMeanStd(sb, band).mean).toBeCloseTo(expectedB[band][0], 5);
      expect(bandMeanStd(sb, band).std).toBeCloseTo(expectedB[band][1], 5);
    }
    const norm = normalizationFromStats(sa, sb);
    // B' = gain·B + offset has A's mean and std
    for (let band = 0; band < 6; band++) {
      const mb = bandMeanStd(sb, band);
      expect(norm.gain[band] * mb.mean + norm.offset[band]).toBeCloseTo(expectedA[band][0], 5);
      expect(norm.gain[band] * mb.std).toBeCloseTo(expectedA[band][1], 5);
    }
  });

  it('Otsu on the CVA magnitude finds the reference changes; normalisation removes Taizhou\'s seasonal shift', async () => {
    const taizhou = await readPair('taizhou', '2000', '2003');
    const nanjing = await readPair('nanjing', '2000', '2002');
    const results = {
      taizhou: otsuF1(taizhou, false),
      taizhouNormalised: otsuF1(taizhou, true),
      nanjing: otsuF1(nanjing, false),
      nanjingNormalised: otsuF1(nanjing, true),
    };
    if (process.env.LANDWATCH_PRINT_F1) console.log(JSON.stringify(results));
    // Taizhou's dates differ by a seasonal brightness shift: raw CVA marks it all, normalisation removes it
    expect(results.taizhou.f1).toBeGreaterThan(0.2);
    expect(results.taizhouNormalised.f1).toBeGreaterThan(0.8);
    expect(results.taizhouNormalised.f1).toBeGreaterThan(results.taizhou.f1 + 0.3);
    expect(results.nanjing.f1).toBeGreaterThan(0.6);
    expect(results.nanjingNormalised.f1).toBeGreaterThan(0.6);
  });
});

describe.skipIf(!existsSync(dataDir))('kernels on the New Guinea land-cover pair', () => {
  it('transition codes and matrix reproduce the reference transition counts', async () => {
    const a = await readBands(path.join(real, 'newguinea_landcover', 'landcover_2001.tif'));
    const b = await readBands(path.join(real, 'newguinea_landcover', 'landcover_2015.tif'));
    const n = a.width * a.height;
    const reference = JSON.parse(readFileSync(path.join(real, 'reference.json'), 'utf8')) as {
      landcover: { newguinea: { transitions_pixel_counts: Record<string, number>; valid_pixels: number; change_mask: { changed_pixels: number } } };
    };
    const ref = reference.landcover.newguinea;
    const valid = validMask(a.bands, b.bands, 255, 255, n);
    const codes = transitionCodes(a.bands[0], b.bands[0], valid, n, null);
    let changed = 0;
    let validCount = 0;
    for (let i = 0; i < n; i++) {
      if (codes[i] !== TRANSITION_INVALID) validCount++;
      if (codes[i] !== 0 && codes[i] !== TRANSITION_INVALID) changed++;
    }
    expect(validCount).toBe(ref.valid_pixels);
    expect(changed).toBe(ref.change_mask.changed_pixels);
    const tally = classPairCounts(a.bands[0], b.bands[0], valid, n, null);
    expect(tally.unusableA.size + tally.unusableB.size).toBe(0);
    const counts: Record<string, number> = {};
    for (const [k, pixels] of tally.pairs) counts[`${Math.floor(k / TRANSITION_CLASS_SPAN)}->${k % TRANSITION_CLASS_SPAN}`] = pixels;
    expect(counts).toEqual(ref.transitions_pixel_counts);
  });
});
