/**
 * A preview turned into an off-screen canvas of its own size, through the shared stretch. The
 * visible canvas then only scales and moves this bitmap, so panning never re-stretches.
 */
import type { PixelBlock, PreviewImage } from '../../shared/contract';
import { layoutFromOrigin } from '../../shared/night/cfa-pattern';
import { superpixels } from '../../shared/pixels/debayer';
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

/** A full-resolution block drawn as its pane draws its preview: the canvas, and how many stored pixels one of its pixels is a side. */
export interface BlockBitmap {
  readonly canvas: HTMLCanvasElement;
  readonly scale: 1 | 2;
}

/**
 * A block stretched as its pane's preview is: grey, or, where the pane is in colour, the same
 * superpixels the preview is made of (each 2×2 cell one colour pixel; the block starts on a whole
 * cell), each channel through its own stretch, or their luminance in night red.
 */
export function renderBlockBitmap(block: PixelBlock, colour: boolean, params: StretchParams, tint: ImageTint, colourParams: readonly [StretchParams, StretchParams, StretchParams] | null): BlockBitmap {
  const canvas = document.createElement('canvas');
  let width = block.width;
  let height = block.height;
  let rgba: Uint8ClampedArray;
  const grey = (pixels: Float32Array): Uint8ClampedArray => {
    const out = new Uint8ClampedArray(pixels.length * 4);
    renderRgba(pixels, { lo: params.lo, hi: params.hi, mode: params.mode, midtones: params.midtones }, out);
    return out;
  };
  const inColour = colour && block.bayer !== null && width >= 2 && height >= 2;
  // float64 blocks (32- and 64-bit data) keep every digit for the readout; drawing needs float32's
  const pixels = block.pixels instanceof Float32Array ? block.pixels : Float32Array.from(block.pixels);
  if (inColour) {
    const planes = superpixels(pixels, width, height, layoutFromOrigin(block.bayer!, block.x, block.y, block.sourceHeight));
    ({ width, height } = planes);
    if (colourParams && tint === 'grey') {
      rgba = new Uint8ClampedArray(width * height * 4);
      renderColourRgba([planes.red, planes.green, planes.blue], colourParams, rgba);
    } else {
      const luminance = new Float32Array(width * height);
      for (let i = 0; i < luminance.length; i++) luminance[i] = (planes.red[i] + planes.green[i] + planes.blue[i]) / 3;
      rgba = grey(luminance);
    }
  } else {
    rgba = grey(pixels);
  }
  flipRows(rgba, width, height);
  if (tint === 'red') keepRedOnly(rgba);
  canvas.width = width;
  canvas.height = height;
  const context = canvas.getContext('2d');
  if (context && width > 0 && height > 0) context.putImageData(new ImageData(rgba as Uint8ClampedArray<ArrayBuffer>, width, height), 0, 0);
  return { canvas, scale: inColour ? 2 : 1 };
}
