/** The part of plotly.js (cartesian dist bundle) NightCal uses: Plotly.react, purge and a plot's events. */
declare module 'plotly.js-cartesian-dist-min' {
  /** A plot's element once drawn: plotly adds its data and an event emitter. */
  export interface PlotElement extends HTMLElement {
    on(event: 'plotly_click', handler: (event: { points: readonly { customdata?: unknown }[] }) => void): void;
    on(event: 'plotly_relayout', handler: (update: Readonly<Record<string, unknown>>) => void): void;
    removeAllListeners?(event: string): void;
    readonly data?: readonly { readonly name?: string; readonly customdata?: readonly unknown[] }[];
  }
  export interface PlotlyApi {
    react(element: HTMLElement, data: readonly object[], layout?: object, config?: object): Promise<PlotElement>;
    purge(element: HTMLElement): void;
  }
  const Plotly: PlotlyApi;
  export default Plotly;
}
