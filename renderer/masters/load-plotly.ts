/**
 * Loads plotly once, on first use. It is 1.5 MB and takes about 2.4 s to evaluate in a
 * headless Chromium: a separate chunk keeps the first paint of the app free of it.
 */
import type { PlotlyApi } from 'plotly.js-cartesian-dist-min';

let loading: Promise<PlotlyApi> | null = null;

/** The plotly module, loaded on the first call. */
export function loadPlotly(): Promise<PlotlyApi> {
  loading ??= import('plotly.js-cartesian-dist-min').then((module) => module.default);
  return loading;
}
