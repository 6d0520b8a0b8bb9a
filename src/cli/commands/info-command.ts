import type { Command } from 'commander';
import { openRaster, rasterInfo, formatRasterInfo } from '../../raster/index.ts';
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
        const info = rasterInfo(await openRaster(file));
        process.stdout.write(opts.json ? `${JSON.stringify(info, null, 2)}\n` : `${formatRasterInfo(info)}\n`);
      }),
    );
}
