import type { Command } from 'commander';
import { openRaster, rasterInfo, formatRasterInfo, type RasterSource } from '../../raster/index.ts';
import { crsFromGeoKeys } from '../../vector/crs-from-geokeys.ts';
import { crsName, proj4Definition } from '../../vector/crs.ts';
import { runCommand } from '../run-command.ts';

export function infoCommand(program: Command): void {
  program
    .command('info')
    .description('print a GeoTIFF\'s size, bands, data type, compression, tiling, nodata, CRS and geotransform')
    .argument('<file>', 'GeoTIFF or COG')
    .option('--json', 'print one JSON document on stdout')
    .addHelpText(
      'after',
      `
Examples:
  landwatch sample --out demo --size 1024 && landwatch info demo/epoch-a.tif
  landwatch info demo/landuse-a.tif --json`,
    )
    .action((file: string, opts: { json?: boolean }) =>
      runCommand(async () => {
        const src = await openRaster(file);
        const info = { ...rasterInfo(src), crs: describeCrs(src) };
        const crsLine = info.crs ? `\nCRS definition: ${info.crs.name ?? ''}${info.crs.name ? ' — ' : ''}${info.crs.proj4}` : '';
        process.stdout.write(opts.json ? `${JSON.stringify(info, null, 2)}\n` : `${formatRasterInfo(info)}${crsLine}\n`);
      }),
    );
}

/** Name and proj4 definition of the raster's CRS (EPSG or from the GeoKeys), null when it has none. */
function describeCrs(src: RasterSource): { epsg: number | null; name: string | null; proj4: string } | null {
  const epsg = src.geo.epsg;
  const def = epsg !== null ? proj4Definition(epsg) : null;
  if (epsg !== null && def !== null) return { epsg, name: crsName(epsg), proj4: def };
  try {
    const c = crsFromGeoKeys(src.geo.geoKeys, src.path);
    return { epsg: c.epsg, name: c.epsg !== null ? crsName(c.epsg) : null, proj4: c.proj4 };
  } catch {
    return null;
  }
}
