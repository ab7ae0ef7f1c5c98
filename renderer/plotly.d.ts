/** The part of plotly.js (cartesian dist bundle) NightCal uses: Plotly.react and purge. */
declare module 'plotly.js-cartesian-dist-min' {
  export interface PlotlyApi {
    react(element: HTMLElement, data: readonly object[], layout?: object, config?: object): Promise<HTMLElement>;
    purge(element: HTMLElement): void;
  }
  const Plotly: PlotlyApi;
  export default Plotly;
}
