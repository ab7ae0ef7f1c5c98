/**
 * A preview turned into an off-screen canvas of its own size, through the shared stretch. The
 * visible canvas then only scales and moves this bitmap, so panning never re-stretches.
 */
import type { PreviewImage } from '../../shared/contract';
import { renderColourRgba, renderRgba } from '../../shared/pixels/stretch';
import type { StretchParams } from './stretch-params';

/** Grey as rendered, or red only (night red: the image must not spoil dark adaptation either). */
export type ImageTint = 'grey' | 'red';

/** Keeps only the red channel of RGBA bytes, in place: grey level g becomes (g, 0, 0). */
export function keepRedOnly(rgba: Uint8ClampedArray): void {
  for (let o = 0; o < rgba.length; o += 4) {
    rgba[o + 1] = 0;
    rgba[o + 2] = 0;
  }
}

/** Reverses the rows of RGBA bytes in place: FITS row 1 is drawn at the bottom, as DS9 and Siril do. */
export function flipRows(rgba: Uint8ClampedArray, width: number, height: number): void {
  const rowBytes = width * 4;
  const spare = new Uint8ClampedArray(rowBytes);
  for (let top = 0, bottom = height - 1; top < bottom; top++, bottom--) {
    spare.set(rgba.subarray(top * rowBytes, (top + 1) * rowBytes));
    rgba.copyWithin(top * rowBytes, bottom * rowBytes, (bottom + 1) * rowBytes);
    rgba.set(spare, bottom * rowBytes);
  }
}

/**
 * Stretches a preview into RGBA bytes (`out` holds width × height × 4), bottom row first. A
 * colour preview is stretched channel by channel (`colourParams`, from channelStretchParams);
 * night red draws its luminance instead, in red.
 */
export function renderPreviewRgba(image: PreviewImage, params: StretchParams, tint: ImageTint, out: Uint8ClampedArray, colourParams: readonly [StretchParams, StretchParams, StretchParams] | null = null): void {
  if (image.colour && colourParams && tint === 'grey') renderColourRgba(image.colour.planes, colourParams, out);
  else renderRgba(image.pixels, { lo: params.lo, hi: params.hi, mode: params.mode, midtones: params.midtones }, out);
  flipRows(out, image.width, image.height);
  if (tint === 'red') keepRedOnly(out);
}

/** Draws the stretched preview into a canvas at its own size (the canvas is resized to fit). */
export function drawPreview(canvas: HTMLCanvasElement, image: PreviewImage, params: StretchParams, tint: ImageTint, colourParams: readonly [StretchParams, StretchParams, StretchParams] | null = null): void {
  canvas.width = image.width;
  canvas.height = image.height;
  const context = canvas.getContext('2d');
  if (!context) return;
  const data = context.createImageData(image.width, image.height);
  renderPreviewRgba(image, params, tint, data.data, colourParams);
  context.putImageData(data, 0, 0);
}

/** The preview stretched into a new off-screen canvas. */
export function renderPreviewBitmap(image: PreviewImage, params: StretchParams, tint: ImageTint, colourParams: readonly [StretchParams, StretchParams, StretchParams] | null = null): HTMLCanvasElement {
  const canvas = document.createElement('canvas');
  drawPreview(canvas, image, params, tint, colourParams);
  return canvas;
}
