/**
 * Which rows of a fixed-row-height list are on screen: the virtual list renders only those
 * (plus a few either side, so a fast scroll does not show blank rows).
 */

export interface VisibleRangeInput {
  /** Pixels scrolled from the top of the list. */
  readonly scrollTop: number;
  /** Height of the scrolling viewport in pixels. */
  readonly viewportHeight: number;
  /** Height of every row in pixels. */
  readonly rowHeight: number;
  readonly rowCount: number;
  /** Extra rows rendered above and below the visible ones. */
  readonly overscan: number;
}

/** Rows [first, end) to render. */
export interface RowRange {
  readonly first: number;
  readonly end: number;
}

/** The rows to render for a scroll position. */
export function visibleRange({ scrollTop, viewportHeight, rowHeight, rowCount, overscan }: VisibleRangeInput): RowRange {
  if (rowCount <= 0 || rowHeight <= 0) return { first: 0, end: 0 };
  const top = Math.max(0, scrollTop);
  const firstVisible = Math.min(rowCount - 1, Math.floor(top / rowHeight));
  const endVisible = Math.ceil((top + Math.max(0, viewportHeight)) / rowHeight);
  return {
    first: Math.max(0, firstVisible - overscan),
    end: Math.min(rowCount, Math.max(endVisible, firstVisible + 1) + overscan),
  };
}
