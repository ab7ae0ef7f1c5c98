import { describe, expect, it } from 'vitest';
import { displayTop, fitView, MAX_ZOOM, panBy, pixelAt, screenToSource, sourceToScreen, storedPixelAt, zoomAt } from '../../renderer/preview/view-transform';

describe('view transform (shared by the raw and calibrated panes)', () => {
  it('fits a 4000×3000 frame in an 800×400 pane: height limits, zoom 400/3000', () => {
    expect(fitView(4000, 3000, { width: 800, height: 400 })).toEqual({ centerX: 2000, centerY: 1500, zoom: 400 / 3000 });
  });

  it('a 2048×100 spectrum in an 800×600 pane is not a sliver: 150 px tall (a quarter of the pane), its length to pan along', () => {
    expect(fitView(2048, 100, { width: 800, height: 600 })).toEqual({ centerX: 1024, centerY: 50, zoom: 1.5 });
    // and tall frames likewise: 100×2048 in a 600×800 pane, 150 px wide
    expect(fitView(100, 2048, { width: 600, height: 800 })).toEqual({ centerX: 50, centerY: 1024, zoom: 1.5 });
    // a frame up to 4× the pane's shape still fits whole: 3200×600 in 800×600 (0.25 = ¼ of 600/600)
    expect(fitView(3200, 600, { width: 800, height: 600 }).zoom).toBe(0.25);
  });

  it('maps the pane corner to the frame point half a pane away from the centre', () => {
    const view = { centerX: 2000, centerY: 1500, zoom: 0.5 };
    const pane = { width: 800, height: 400 };
    // 400 screen px left of centre at 0.5 px per pixel = 800 pixels left of x = 2000.
    expect(screenToSource(view, pane, { x: 0, y: 0 })).toEqual({ x: 1200, y: 1100 });
    expect(sourceToScreen(view, pane, { x: 1200, y: 1100 })).toEqual({ x: 0, y: 0 });
    expect(screenToSource(view, pane, { x: 400, y: 200 })).toEqual({ x: 2000, y: 1500 });
  });

  it('wheel zoom ×2 keeps the pixel under the cursor in place', () => {
    const view = { centerX: 1000, centerY: 1000, zoom: 1 };
    const pane = { width: 200, height: 100 };
    const cursor = { x: 150, y: 50 }; // 50 px right of the centre: pixel x = 1050
    const zoomed = zoomAt(view, pane, cursor, 2);
    expect(zoomed).toEqual({ centerX: 1025, centerY: 1000, zoom: 2 });
    expect(screenToSource(zoomed, pane, cursor)).toEqual({ x: 1050, y: 1000 });
  });

  it('zoom stops at its limit', () => {
    expect(zoomAt({ centerX: 0, centerY: 0, zoom: 1 }, { width: 10, height: 10 }, { x: 5, y: 5 }, 1000).zoom).toBe(MAX_ZOOM);
  });

  it('dragging 40 px right at zoom 2 moves the view 20 pixels left', () => {
    expect(panBy({ centerX: 1000, centerY: 500, zoom: 2 }, 40, -10)).toEqual({ centerX: 980, centerY: 505, zoom: 2 });
  });

  it('the same transform gives the same frame point in both panes, whatever their preview binning', () => {
    const view = { centerX: 3, centerY: 2, zoom: 10 };
    const pane = { width: 100, height: 100 };
    const point = screenToSource(view, pane, { x: 65, y: 52 }); // (4.5, 2.2)
    expect(point.x).toBeCloseTo(4.5, 12);
    expect(point.y).toBeCloseTo(2.2, 12);
    // Raw preview binned 2 (3 × 2, of a 6 × 4 frame), drawn bottom-up: display row 2.2 is
    // display preview row 1 = data row 0; column 2 → index 0·3 + 2; FITS y = 0·2 + (1 − 0) = 1.
    const raw = { width: 3, height: 2, binFactor: 2, sourceWidth: 6, sourceHeight: 4, pixels: Float32Array.from([0, 1, 2, 3, 4, 5]) };
    // Calibrated preview binned 3 (2 × 2 of a 6 × 6 frame): display row 0 = data row 1; column 1 →
    // index 1·2 + 1; FITS y = 1·3 + (2 − 2) = 3.
    const calibrated = { width: 2, height: 2, binFactor: 3, sourceWidth: 6, sourceHeight: 6, pixels: Float32Array.from([10, 11, 12, 13]) };
    expect(pixelAt(raw, point)).toEqual({ x: 4, y: 1, value: 2 });
    expect(pixelAt(calibrated, point)).toEqual({ x: 4, y: 3, value: 13 });
  });

  it('reads no pixel outside the image', () => {
    const grid = { width: 3, height: 2, binFactor: 2, sourceWidth: 6, sourceHeight: 4, pixels: new Float32Array(6) };
    expect(pixelAt(grid, { x: -0.5, y: 1 })).toBeNull();
    expect(pixelAt(grid, { x: 6, y: 1 })).toBeNull(); // 3 preview columns × 2 = full pixels 0..5
    // The bottom-right displayed pixel is FITS (5, 0): data row 0.
    expect(pixelAt(grid, { x: 5.9, y: 3.9 })).toEqual({ x: 5, y: 0, value: 0 });
    expect(pixelAt(grid, { x: 1, y: 4 })).toBeNull();
  });

  it('at full resolution, display row 0 is the top FITS row (DS9 orientation)', () => {
    const grid = { width: 2, height: 3, binFactor: 1, sourceWidth: 2, sourceHeight: 3, pixels: Float32Array.from([0, 1, 2, 3, 4, 5]) };
    expect(pixelAt(grid, { x: 0, y: 0 })).toEqual({ x: 0, y: 2, value: 4 });
    expect(pixelAt(grid, { x: 1, y: 2.5 })).toEqual({ x: 1, y: 0, value: 1 });
  });
});

describe('stored pixels and FITS coordinates (y up, first row stored = FITS row 1, drawn at the bottom)', () => {
  it('the top display row is the last stored row; the bottom one the first (FITS 1-based: y + 1)', () => {
    // A 5 × 3 frame: display rows 0, 1, 2 show stored rows 2, 1, 0.
    expect(storedPixelAt({ x: 0.2, y: 0.1 }, 5, 3)).toEqual({ x: 0, y: 2 });
    expect(storedPixelAt({ x: 4.9, y: 2.99 }, 5, 3)).toEqual({ x: 4, y: 0 });
    expect(storedPixelAt({ x: 2.5, y: 1.5 }, 5, 3)).toEqual({ x: 2, y: 1 });
    expect(storedPixelAt({ x: 5, y: 1 }, 5, 3)).toBeNull();
    expect(storedPixelAt({ x: 1, y: 3 }, 5, 3)).toBeNull();
    expect(storedPixelAt({ x: 1, y: -0.01 }, 5, 3)).toBeNull();
  });

  it('a preview whose last row averages fewer rows still maps every stored row to its own preview row', () => {
    // 4 × 5 frame binned 2: preview rows 0, 1, 2 average stored rows 0–1, 2–3 and 4 alone.
    const grid = { width: 2, height: 3, binFactor: 2, sourceWidth: 4, sourceHeight: 5, pixels: Float32Array.from([0, 1, 10, 11, 20, 21]) };
    expect(pixelAt(grid, { x: 0, y: 0 })).toEqual({ x: 0, y: 4, value: 20 }); // top display row: stored row 4
    expect(pixelAt(grid, { x: 3, y: 1.5 })).toEqual({ x: 3, y: 3, value: 11 });
    expect(pixelAt(grid, { x: 1, y: 4.5 })).toEqual({ x: 1, y: 0, value: 0 });
    expect(displayTop(4, 2, 5)).toBe(-1); // the last preview row, drawn 2 tall, starts one row above the image
    expect(displayTop(0, 5, 5)).toBe(0);
  });
});
