/**
 * The quality plot of one filter: FWHM, eccentricity, stars, background and weight against time,
 * one row each on a shared time axis; suggested rejections marked (a red cross), hovering a
 * point shows the light's figures, clicking opens it, and each rule's limit is a dashed line
 * that can be dragged up or down: dropped, it becomes that figure's rule and main re-suggests.
 */
import { useEffect, useRef } from 'react';
import type { RuleLimit } from '../../shared/contract';
import { PLOTTED_METRICS, qualityLines, type FilterSeries, type QualityPoint } from '../../shared/quality/quality-series';
import { loadPlotly } from '../masters/load-plotly';
import { useNightRed } from '../theme';

export interface QualityPlotProps {
  readonly series: FilterSeries;
  readonly onOpen: (frameId: string) => void;
  readonly onLimit: (limit: RuleLimit, value: number) => void;
}

const ROW_HEIGHT = 118;

/** The x of a point: its time when every light has one, else its place in the filter's order. */
function xOf(points: readonly QualityPoint[]): (point: QualityPoint) => string | number {
  const timed = points.every((p) => p.time !== null);
  return timed ? (p) => new Date(p.time!).toISOString() : (p) => p.index + 1;
}

/** The plot. */
export function QualityPlot({ series, onOpen, onLimit }: QualityPlotProps) {
  const ref = useRef<HTMLDivElement>(null);
  const nightRed = useNightRed();
  const latest = useRef({ onOpen, onLimit, series });
  latest.current = { onOpen, onLimit, series };

  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    let current = true;
    void loadPlotly().then(async (Plotly) => {
      if (!current) return;
      const style = getComputedStyle(element);
      const colour = (name: string) => style.getPropertyValue(name).trim();
      const x = xOf(series.points);
      const rows = PLOTTED_METRICS.length;
      const traces: object[] = [];
      const shapes: object[] = [];
      const shapeLimits: RuleLimit[] = [];
      const layout: Record<string, unknown> = {};
      PLOTTED_METRICS.forEach(({ metric, label, unit }, row) => {
        const axis = row === 0 ? '' : String(row + 1);
        const hover = (p: QualityPoint) => [p.frameId, ...qualityLines(p.quality), ...(p.rejected ? ['<b>rejected</b>: ' + p.reasons.join('; ')] : p.verdict === 'keep' ? ['kept by hand'] : [])].join('<br>');
        for (const rejected of [false, true]) {
          const points = series.points.filter((p) => p.rejected === rejected && p.quality[metric] !== null);
          traces.push({
            type: 'scatter',
            mode: rejected ? 'markers' : 'lines+markers',
            name: `${metric}${rejected ? ' rejected' : ''}`,
            x: points.map(x),
            y: points.map((p) => p.quality[metric]),
            customdata: points.map((p) => p.frameId),
            text: points.map(hover),
            hovertemplate: '%{text}<extra></extra>',
            xaxis: `x${axis}`,
            yaxis: `y${axis}`,
            line: { color: colour('--plot-bar'), width: 1 },
            marker: rejected ? { symbol: 'x', size: 10, color: colour('--error') } : { size: 6, color: colour('--plot-bar') },
          });
        }
        const domainTop = 1 - row / rows;
        layout[`yaxis${axis}`] = {
          domain: [domainTop - 1 / rows + 0.04, domainTop - 0.01],
          gridcolor: colour('--plot-grid'),
          zeroline: false,
          tickfont: { size: 10 },
          title: { text: unit ? `${label} (${unit})` : label, font: { size: 10 }, standoff: 4 },
          ...(metric === 'weight' ? { exponentformat: 'power' } : {}),
        };
        layout[`xaxis${axis}`] = { anchor: `y${axis}`, matches: row === 0 ? undefined : 'x', showticklabels: row === rows - 1, gridcolor: colour('--plot-grid'), tickfont: { size: 10 } };
        for (const limit of series.limits.filter((l) => l.metric === metric)) {
          shapeLimits.push(limit);
          shapes.push({ type: 'line', xref: 'paper', x0: 0, x1: 1, yref: `y${axis}`, y0: limit.value, y1: limit.value, line: { color: colour('--error'), width: 2, dash: 'dash' }, name: limit.rule });
        }
      });
      const plot = await Plotly.react(
        element,
        traces,
        {
          ...layout,
          height: rows * ROW_HEIGHT,
          margin: { l: 70, r: 12, t: 8, b: 36 },
          paper_bgcolor: 'rgba(0,0,0,0)',
          plot_bgcolor: 'rgba(0,0,0,0)',
          font: { color: colour('--muted'), family: style.fontFamily, size: 10 },
          showlegend: false,
          hovermode: 'closest',
          shapes,
          hoverlabel: { bgcolor: colour('--bg-raised'), bordercolor: colour('--border-strong'), font: { color: colour('--text') }, align: 'left' },
        },
        { displayModeBar: false, responsive: true, edits: { shapePosition: true } },
      );
      if (!current) return;
      plot.removeAllListeners?.('plotly_click');
      plot.removeAllListeners?.('plotly_relayout');
      plot.on('plotly_click', (event) => {
        const id = event.points[0]?.customdata;
        if (typeof id === 'string') latest.current.onOpen(id);
      });
      plot.on('plotly_relayout', (update) => {
        // a dragged line: 'shapes[i].y0' (and y1) hold where it was dropped
        for (const [key, value] of Object.entries(update)) {
          const match = /^shapes\[(\d+)\]\.y0$/.exec(key);
          const limit = match ? shapeLimits[Number(match[1])] : undefined;
          if (limit && typeof value === 'number') latest.current.onLimit(limit, value);
        }
      });
    });
    return () => {
      current = false;
    };
  }, [series, nightRed]);

  return <div ref={ref} className="quality-plot" data-testid="quality-plot" aria-label={`Quality of the ${series.filter ?? 'unfiltered'} lights over the night`} />;
}
