/**
 * Shrinking an image for display: each output pixel is the mean of a square block of input
 * pixels, so noise is averaged rather than aliased (unlike picking every n-th pixel).
 */

/** A downsampled image and the block side it was made with. */
export interface Downsampled {
  /** Row-major, width × height; NaN where a block had no finite pixel. */
  readonly pixels: Float32Array;
  readonly width: number;
  readonly height: number;
  /** Input pixels per output pixel along each side. */
  readonly binFactor: number;
}

/**
 * Block-mean downsample (NaN-aware) so the long side is ≤ maxSize; binFactor = block side.
 * binFactor = ⌈long side / maxSize⌉; blocks on the right and bottom edges may be partial and
 * average the pixels they have. Non-finite pixels are left out of a block's mean; a block with
 * none finite is NaN. The result is always a new array (binFactor 1 gives a copy).
 */
export function downsample(data: Float32Array, width: number, height: number, maxSize: number): Downsampled {
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) {
    throw new RangeError(`downsample: width and height must be positive integers, got ${width}×${height}`);
  }
  if (data.length !== width * height) {
    throw new RangeError(`downsample: ${data.length} pixels for a ${width}×${height} image`);
  }
  if (!Number.isInteger(maxSize) || maxSize < 1) {
    throw new RangeError(`downsample: maxSize must be a positive integer, got ${maxSize}`);
  }
  const binFactor = Math.ceil(Math.max(width, height) / maxSize);
  const outWidth = Math.ceil(width / binFactor);
  const outHeight = Math.ceil(height / binFactor);
  const pixels = new Float32Array(outWidth * outHeight);
  // one output row at a time: sums and counts of the blocks along it, filled row by input row
  const sums = new Float64Array(outWidth);
  const counts = new Int32Array(outWidth);

  for (let oy = 0; oy < outHeight; oy++) {
    sums.fill(0);
    counts.fill(0);
    const yEnd = Math.min(height, (oy + 1) * binFactor);
    for (let y = oy * binFactor; y < yEnd; y++) {
      const row = y * width;
      for (let ox = 0, x0 = row; ox < outWidth; ox++, x0 += binFactor) {
        const xEnd = Math.min(row + width, x0 + binFactor);
        let sum = 0;
        let count = 0;
        for (let i = x0; i < xEnd; i++) {
          const v = data[i];
          if (v - v === 0) {
            sum += v;
            count++;
          }
        }
        sums[ox] += sum;
        counts[ox] += count;
      }
    }
    const outRow = oy * outWidth;
    for (let ox = 0; ox < outWidth; ox++) pixels[outRow + ox] = counts[ox] === 0 ? NaN : sums[ox] / counts[ox];
  }
  return { pixels, width: outWidth, height: outHeight, binFactor };
}
