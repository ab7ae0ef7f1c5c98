/**
 * What the FITS layer tells the rest of NightCal about a file: its header and where its
 * pixels are. Only electron/fits/ knows the file format; everything else uses these types.
 */
import type { FrameStorage } from '../../shared/night/frames';

/** A header keyword's value as parsed: strings trimmed, numbers as numbers, T/F as booleans. */
export type CardValue = string | number | boolean | null;

export interface FitsHeader {
  /** The image's 80-character cards in order, without END (for .fz: the logical image header). */
  readonly cards: readonly string[];
  /** Keyword → value, upper-case keys; the first occurrence wins. COMMENT/HISTORY are not here. */
  readonly values: Readonly<Record<string, CardValue>>;
}

/** The pixels' shape and encoding. */
export interface ImageLayout {
  readonly bitpix: 8 | 16 | 32 | 64 | -32 | -64;
  readonly width: number;
  readonly height: number;
  /** Product of NAXIS3…; a 2-D frame written as a cube of one plane has 1. */
  readonly planes: number;
  readonly bzero: number;
  readonly bscale: number;
  /** Byte offset of the first pixel in the file; plain FITS only (-1 for .fz and .gz). */
  readonly dataOffset: number;
  /** Bytes of pixel data of one plane (width × height × |bitpix|/8). */
  readonly planeBytes: number;
}

/** A FITS file whose header has been read (never its pixels). */
export interface FitsFileInfo {
  readonly path: string;
  readonly storage: FrameStorage;
  readonly fileSize: number;
  readonly header: FitsHeader;
  readonly layout: ImageLayout;
}
