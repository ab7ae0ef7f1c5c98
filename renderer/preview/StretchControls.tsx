/**
 * How the viewer maps pixel values to grey: zscale, auto-stretch (STF) or manual limits, and
 * the curve. Manual limits start from the shown image's zscale.
 */
import type { PreviewImage } from '../../shared/contract';
import type { StretchMode } from '../../shared/pixels/stretch';
import { useAppActions, useAppStore } from '../app-context';
import type { StretchMethod } from './stretch-params';

const METHODS: readonly { readonly method: StretchMethod; readonly label: string; readonly title: string }[] = [
  { method: 'zscale', label: 'zscale', title: 'IRAF/DS9 zscale limits around the background' },
  { method: 'auto', label: 'Auto (STF)', title: "PixInsight's screen-transfer function: shadows clipped, background at 25 %" },
  { method: 'manual', label: 'Manual', title: 'Your own black and white points, in ADU' },
];
const CURVES: readonly StretchMode[] = ['linear', 'asinh', 'log'];

/** The stretch toolbar; `reference` is the image whose zscale seeds manual limits. */
export function StretchControls({ reference }: { readonly reference: PreviewImage | null }) {
  const stretch = useAppStore((s) => s.stretch);
  const actions = useAppActions();
  const chooseMethod = (method: StretchMethod) => {
    if (method === 'manual' && reference && (stretch.manualLo === null || stretch.manualHi === null)) {
      const { z1, z2 } = reference.limits.zscale;
      actions().setStretch({ method, manualLo: Number(z1.toPrecision(5)), manualHi: Number(z2.toPrecision(5)) });
      return;
    }
    actions().setStretch({ method });
  };
  const setLimit = (which: 'manualLo' | 'manualHi', text: string) => {
    const value = Number(text);
    if (text.trim() !== '' && Number.isFinite(value)) actions().setStretch({ [which]: value });
  };
  return (
    <div className="stretch-controls" role="group" aria-label="Stretch">
      <div className="segmented">
        {METHODS.map(({ method, label, title }) => (
          <button key={method} type="button" title={title} aria-pressed={stretch.method === method} onClick={() => chooseMethod(method)}>
            {label}
          </button>
        ))}
      </div>
      {stretch.method === 'manual' && (
        <span className="manual-limits">
          <label>
            black
            <input type="number" step="any" defaultValue={stretch.manualLo ?? ''} key={`lo-${stretch.manualLo}`} onBlur={(e) => setLimit('manualLo', e.currentTarget.value)} onKeyDown={(e) => e.key === 'Enter' && setLimit('manualLo', e.currentTarget.value)} />
          </label>
          <label>
            white
            <input type="number" step="any" defaultValue={stretch.manualHi ?? ''} key={`hi-${stretch.manualHi}`} onBlur={(e) => setLimit('manualHi', e.currentTarget.value)} onKeyDown={(e) => e.key === 'Enter' && setLimit('manualHi', e.currentTarget.value)} />
          </label>
          <span className="unit">ADU</span>
        </span>
      )}
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
