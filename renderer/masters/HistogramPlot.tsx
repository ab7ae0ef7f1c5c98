/**
 * A pre-binned histogram as a plotly bar chart on a log count axis. Plotly is loaded on first
 * use and driven with Plotly.react in an effect; colours come from the theme's CSS variables.
 */
import { useEffect, useRef } from 'react';
import type { Histogram } from '../../shared/contract';
import { useNightRed } from '../theme';
import { loadPlotly } from './load-plotly';

/** The bars of a histogram: bin centres, counts and the bin width. */
export function histogramBars(histogram: Histogram): { x: number[]; y: number[]; width: number } {
  const width = (histogram.hi - histogram.lo) / Math.max(1, histogram.counts.length);
  return { x: histogram.counts.map((_, i) => histogram.lo + (i + 0.5) * width), y: [...histogram.counts], width };
}

/** Black and white points to mark on a histogram (the stretch's limits). */
export interface HistogramLimits {
  readonly lo: number;
  readonly hi: number;
}

/**
 * Dashed vertical lines at the limits, and a value axis wide enough to show both (a manual
 * limit may lie beyond the pixels' range).
 */
export function limitMarks(histogram: Histogram, limits: HistogramLimits): { shapes: { x0: number; x1: number }[]; range: [number, number] } {
  const lo = Math.min(histogram.lo, limits.lo);
  const hi = Math.max(histogram.hi, limits.hi);
  const pad = (hi - lo) * 0.02;
  return { shapes: [limits.lo, limits.hi].map((x) => ({ x0: x, x1: x })), range: [lo - pad, hi + pad] };
}

export interface HistogramPlotProps {
  readonly histogram: Histogram;
  /** The stretch's limits, marked with dashed lines. */
  readonly limits?: HistogramLimits | null;
  /** Unit of the value axis ("ADU", or "" for a normalised flat). */
  readonly unit: string;
  readonly height?: number;
}

/** The histogram chart. */
export function HistogramPlot({ histogram, unit, height = 130, limits = null }: HistogramPlotProps) {
  const ref = useRef<HTMLDivElement>(null);
  const nightRed = useNightRed();

  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    let current = true;
    void loadPlotly().then((Plotly) => {
      if (!current) return;
      const style = getComputedStyle(element);
      const colour = (name: string) => style.getPropertyValue(name).trim();
      const bars = histogramBars(histogram);
      const marks = limits ? limitMarks(histogram, limits) : null;
      const lines = (marks?.shapes ?? []).map((m) => ({ type: 'line', xref: 'x', yref: 'paper', x0: m.x0, x1: m.x1, y0: 0, y1: 1, line: { color: colour('--accent'), width: 1, dash: 'dash' } }));
      const axis = { gridcolor: colour('--plot-grid'), linecolor: colour('--plot-grid'), zeroline: false, tickfont: { size: 10 } };
      void Plotly.react(
        element,
        [{ type: 'bar', x: bars.x, y: bars.y, width: bars.width, marker: { color: colour('--plot-bar') }, hovertemplate: `%{x:.5~g} ${unit}<br>%{y:,} px<extra></extra>` }],
        {
          height,
          margin: { l: 44, r: 8, t: 6, b: 30 },
          paper_bgcolor: 'rgba(0,0,0,0)',
          plot_bgcolor: 'rgba(0,0,0,0)',
          font: { color: colour('--muted'), family: style.fontFamily, size: 10 },
          bargap: 0,
          showlegend: false,
          xaxis: { ...axis, ...(marks ? { range: marks.range } : {}), title: { text: unit === '' ? 'value (relative)' : `value (${unit})`, font: { size: 10 }, standoff: 4 } },
          shapes: lines,
          yaxis: { ...axis, type: 'log', dtick: 1, exponentformat: 'power', title: { text: 'pixels', font: { size: 10 }, standoff: 2 } },
          hoverlabel: { bgcolor: colour('--bg-raised'), bordercolor: colour('--border-strong'), font: { color: colour('--text') } },
        },
        { displayModeBar: false, responsive: true },
      );
    });
    return () => {
      current = false;
    };
  }, [histogram, unit, height, nightRed, limits?.lo, limits?.hi]);

  useEffect(() => {
    const element = ref.current;
    return () => {
      if (element) void loadPlotly().then((Plotly) => Plotly.purge(element));
    };
  }, []);

  return <div className="histogram" data-testid="histogram" ref={ref} style={{ height }} aria-label={`Histogram of pixel values${unit ? ` in ${unit}` : ''}, log scale`} role="img" />;
}
