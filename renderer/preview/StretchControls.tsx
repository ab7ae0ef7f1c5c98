/**
 * How the viewer maps pixel values to grey: zscale, auto-stretch (STF) or manual limits, and
 * the curve. Manual limits are each pane's own and start from its image's zscale.
 */
import { useEffect } from 'react';
import type { PreviewImage } from '../../shared/contract';
import type { StretchMode } from '../../shared/pixels/stretch';
import { useAppActions, useAppStore } from '../app-context';
import { seededManual, type ManualLimits, type StretchMethod, type StretchPane } from './stretch-params';

const METHODS: readonly { readonly method: StretchMethod; readonly label: string; readonly title: string }[] = [
  { method: 'zscale', label: 'zscale', title: 'IRAF/DS9 zscale limits around the background' },
  { method: 'auto', label: 'Auto (STF)', title: "PixInsight's screen-transfer function: shadows clipped, background at 25 %" },
  { method: 'manual', label: 'Manual', title: 'Your own black and white points, in ADU' },
];
const CURVES: readonly StretchMode[] = ['linear', 'asinh', 'log'];

/** A pane the stretch applies to, and the image it shows (null while it loads). */
export interface StretchPaneImage {
  readonly pane: StretchPane;
  readonly label: string;
  readonly image: PreviewImage | null;
}

/** The stretch toolbar; manual limits are per pane, each seeded from its own image's zscale. */
export function StretchControls({ panes }: { readonly panes: readonly StretchPaneImage[] }) {
  const stretch = useAppStore((s) => s.stretch);
  const actions = useAppActions();
  const seed = (method: StretchMethod) => actions().setStretch({ method, manual: seededManual(stretch, panes) });
  // a pane whose image arrives after Manual was chosen gets its own limits then
  const unseeded = stretch.method === 'manual' && panes.some((p) => p.image && !stretch.manual[p.pane]);
  useEffect(() => {
    if (unseeded) seed('manual');
  });
  const setLimit = (pane: StretchPane, which: keyof ManualLimits, text: string) => {
    const value = Number(text);
    const current = stretch.manual[pane];
    if (current && text.trim() !== '' && Number.isFinite(value)) actions().setStretch({ manual: { ...stretch.manual, [pane]: { ...current, [which]: value } } });
  };
  return (
    <div className="stretch-controls" role="group" aria-label="Stretch">
      <div className="segmented">
        {METHODS.map(({ method, label, title }) => (
          <button key={method} type="button" title={title} aria-pressed={stretch.method === method} onClick={() => (method === 'manual' ? seed(method) : actions().setStretch({ method }))}>
            {label}
          </button>
        ))}
      </div>
      {stretch.method === 'manual' &&
        panes.map(({ pane, label }) => {
          const limits = stretch.manual[pane];
          return (
            <span className="manual-limits" key={pane} role="group" aria-label={`${label} limits`}>
              {panes.length > 1 && <span className="muted">{label}</span>}
              <label>
                black
                <input type="number" step="any" defaultValue={limits?.lo ?? ''} key={`lo-${limits?.lo}`} onBlur={(e) => setLimit(pane, 'lo', e.currentTarget.value)} onKeyDown={(e) => e.key === 'Enter' && setLimit(pane, 'lo', e.currentTarget.value)} />
              </label>
              <label>
                white
                <input type="number" step="any" defaultValue={limits?.hi ?? ''} key={`hi-${limits?.hi}`} onBlur={(e) => setLimit(pane, 'hi', e.currentTarget.value)} onKeyDown={(e) => e.key === 'Enter' && setLimit(pane, 'hi', e.currentTarget.value)} />
              </label>
              <span className="unit">ADU</span>
            </span>
          );
        })}
      <label className="curve">
        curve
        <select value={stretch.curve} onChange={(e) => actions().setStretch({ curve: e.currentTarget.value as StretchMode })}>
          {CURVES.map((curve) => (
            <option key={curve} value={curve}>
              {curve}
            </option>
          ))}
        </select>
      </label>
    </div>
  );
}
