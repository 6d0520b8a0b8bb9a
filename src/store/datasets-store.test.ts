import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from './open-store.ts';

let store: Store;
beforeEach(async () => {
  store = await openStore(':memory:');
});
afterEach(() => store.close());

describe('datasets store', () => {
  it('registers, refreshes and finds datasets', async () => {
    const a = await store.datasets.register({
      id: 'epoch-a',
      path: '/data/a.tif',
      kind: 'imagery',
      epsg: 4527,
      proj4: '+proj=tmerc +lat_0=0 +lon_0=117 +k=1 +x_0=39500000 +y_0=0 +ellps=GRS80 +units=m +no_defs',
      width: 1024,
      height: 768,
      geoTransform: [39500000, 2, 0, 3400000, 0, -2],
      bands: 4,
      acquired: '2023-07-15',
      registered: '2024-01-01T00:00:00.000Z',
    });
    expect(a).toMatchObject({ geoTransform: [39500000, 2, 0, 3400000, 0, -2], acquired: '2023-07-15', bands: 4 });
    await store.datasets.register({ ...a, bands: 3, registered: '2024-02-01T00:00:00.000Z' });
    await store.datasets.register({
      id: 'layers',
      path: '/data/red-lines.geojson',
      kind: 'vector',
      epsg: 4490,
      proj4: null,
      width: null,
      height: null,
      geoTransform: null,
      bands: null,
      acquired: null,
    });
    expect((await store.datasets.get('epoch-a'))?.bands).toBe(3);
    expect((await store.datasets.list()).map((d) => d.id)).toEqual(['layers', 'epoch-a']);
    expect((await store.datasets.list({ path: '/data/a.tif' })).map((d) => d.id)).toEqual(['epoch-a']);
    await expect(store.datasets.register({ ...a, acquired: '15/07/2023' })).rejects.toMatchObject({ code: 'E_STORE_INVALID' });
  });
});
