/**
 * Surface reflectance ×10000 (blue, green, red, NIR) per land-use class: a primary and an alternate
 * spectrum (bare vs green field, blue vs grey roof, clear vs turbid water); a pixel mixes them by its
 * parcel's `alt` value. Vegetation: high NIR, low red; water: very low NIR; built-up: bright and flat.
 */

const TABLE: Record<number, { primary: [number, number, number, number]; alt: [number, number, number, number]; texture: number }> = {
  0: { primary: [480, 620, 420, 700], alt: [520, 700, 520, 1200], texture: 0.06 },
  1: { primary: [420, 780, 520, 3300], alt: [900, 1150, 1400, 2100], texture: 0.05 },
  2: { primary: [380, 700, 480, 2900], alt: [460, 760, 640, 2450], texture: 0.14 },
  3: { primary: [280, 520, 330, 2700], alt: [320, 580, 390, 2250], texture: 0.16 },
  4: { primary: [480, 860, 700, 2600], alt: [640, 920, 920, 2150], texture: 0.08 },
  5: { primary: [1500, 1600, 1700, 2000], alt: [1100, 1200, 1300, 1600], texture: 0.22 },
  6: { primary: [1800, 1900, 2000, 2200], alt: [1650, 1500, 1150, 1450], texture: 0.14 },
  7: { primary: [1150, 1250, 1350, 1800], alt: [1300, 1280, 1200, 1650], texture: 0.3 },
  8: { primary: [1200, 1300, 1350, 1900], alt: [800, 1000, 900, 2200], texture: 0.2 },
  9: { primary: [1100, 1200, 1300, 1700], alt: [1250, 1300, 1350, 1750], texture: 0.2 },
  10: { primary: [1000, 1100, 1200, 1400], alt: [1400, 1450, 1500, 1650], texture: 0.04 },
  11: { primary: [520, 640, 380, 160], alt: [700, 900, 700, 260], texture: 0.03 },
  12: { primary: [1300, 1550, 1850, 2300], alt: [1000, 1200, 1400, 1800], texture: 0.1 },
  20: { primary: [1150, 1250, 1300, 1750], alt: [1350, 1400, 1450, 1850], texture: 0.3 },
};

/** SPECTRA[cls * 8 + band] primary, SPECTRA[cls * 8 + 4 + band] alternate. */
export const SPECTRA: Float64Array = new Float64Array(256 * 8);
/** relative amplitude of the texture noise per class */
export const TEXTURE_AMP: Float64Array = new Float64Array(256);

for (let cls = 0; cls < 256; cls++) {
  const entry = TABLE[cls] ?? TABLE[12];
  for (let b = 0; b < 4; b++) {
    SPECTRA[cls * 8 + b] = entry.primary[b];
    SPECTRA[cls * 8 + 4 + b] = entry.alt[b];
  }
  TEXTURE_AMP[cls] = entry.texture;
}

export const BAND_NAMES = ['blue', 'green', 'red', 'nir'] as const;
