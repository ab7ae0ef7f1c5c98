/** The sky between the mesh's cell centres: the point lookup and the row walker agree to the bit. */
import { describe, expect, it } from 'vitest';
import { hostPixelRows } from '../../../shared/quality/pixel-rows';
import { skyAlongRow, skyAt } from '../../../shared/quality/sky-between-cells';
import { measureSky } from '../../../shared/quality/sky-mesh';
import { makeRandom } from '../pixels/seeded-random';

describe('skyAt', () => {
  it('is skyAlongRow at one point, to the bit: inside, at the centres, beyond the outer ones, on a one-cell-wide mesh', () => {
    const random = makeRandom(3);
    for (const [width, height, cellSize] of [[700, 500, 64], [300, 900, 100], [50, 400, 64], [2048, 2048, undefined]] as const) {
      const pixels = Float32Array.from({ length: width * height }, (_, i) => 300 + ((i % width) * 7) / width + Math.floor(i / width) / 50 + 3 * random());
      const { mesh } = measureSky(hostPixelRows(pixels, width, height), { cellSize });
      const level = new Float32Array(1);
      const sigma = new Float32Array(1);
      const points: [number, number][] = [[0, 0], [width - 1, height - 1], [-3, 5], [width + 2, -1]];
      for (let cx = 0; cx < mesh.cellsX; cx++) points.push([(cx + 0.5) * mesh.cellWidth - 0.5, (cx + 0.5) * mesh.cellHeight - 0.5]);
      for (let k = 0; k < 400; k++) points.push([random() * (width + 20) - 10, random() * (height + 20) - 10]);
      for (const [x, y] of points) {
        skyAlongRow(mesh, y, x, 1, 1, level, sigma);
        expect(skyAt(mesh, x, y), `${width}×${height} at (${x}, ${y})`).toEqual({ level: level[0], sigma: sigma[0] });
      }
    }
  });
});
