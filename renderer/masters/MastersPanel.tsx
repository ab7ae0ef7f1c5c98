/** Step 2: build the planned masters (median or sigma-clip), look at each, rebuild the other way. */
import { useShallow } from 'zustand/react/shallow';
import { useAppActions, useAppStore } from '../app-context';
import { EmptyStep } from '../EmptyStep';
import { MasterCard } from './MasterCard';
import { builtWith, COMBINE_METHODS } from './masters-slice';
import './masters.css';

/** The masters step. */
export function MastersPanel({ onNext }: { readonly onNext: () => void }) {
  const hasNight = useAppStore((s) => s.night !== null);
  const masterIds = useAppStore((s) => s.masterIds);
  const counts = useAppStore(
    useShallow((s) => {
      let built = 0;
      let building = 0;
      let failed = 0;
      for (const id of s.masterIds) {
        const status = s.masters[id]?.status;
        if (status === 'done') built += 1;
        if (status === 'building') building += 1;
        if (status === 'failed') failed += 1;
      }
      return { built, building, failed };
    }),
  );
  const busy = useAppStore((s) => s.mastersBusy || s.runActive);
  const error = useAppStore((s) => s.mastersError);
  const combine = useAppStore((s) => s.combine);
  const builtWithMethod = useAppStore(builtWith);
  const actions = useAppActions();
  const allBuilt = masterIds.length > 0 && counts.built === masterIds.length;
  const saving = useAppStore((s) => s.librarySaving);
  const saveReport = useAppStore((s) => (s.libraryReport && s.night && s.libraryReport.dir === s.night.root ? s.libraryReport : null));
  const saveError = useAppStore((s) => s.libraryError);

  if (!hasNight) return <EmptyStep text="Open a night first: its biases, darks and flats become masters here." />;
  const chosen = COMBINE_METHODS.find((m) => m.method === combine)!;
  const rebuildSame = allBuilt && builtWithMethod === combine;
  return (
    <section className="step-panel" aria-labelledby="masters-title">
      <header className="panel-header">
        <div>
          <h2 id="masters-title">Masters</h2>
          <p className="muted tabular" data-testid="masters-summary">
            {masterIds.length} planned · {counts.built} built{counts.failed > 0 && ` · ${counts.failed} failed`}
            {counts.built > 0 && builtWithMethod && (
              <>
                {' · combined by '}
                <strong className="combine-used" data-testid="combine-used">
                  {builtWithMethod}
                </strong>
              </>
            )}
          </p>
        </div>
        <div className="actions">
          {masterIds.length > 0 && (
            <div className="segmented small" role="group" aria-label="How to combine the frames">
              {COMBINE_METHODS.map(({ method, label, title }) => (
                <button key={method} type="button" aria-pressed={combine === method} disabled={busy} title={title} onClick={() => actions().setCombine(method)}>
                  {label}
                </button>
              ))}
            </div>
          )}
          {allBuilt ? (
            <>
              <button
                type="button"
                data-testid="rebuild-masters"
                disabled={busy || rebuildSame}
                title={rebuildSame ? `Already combined by ${combine}: choose the other method to rebuild` : `Combine every master again, by ${combine}`}
                onClick={() => void actions().buildMasters()}
              >
                {busy ? 'Building…' : `Rebuild with ${chosen.label.toLowerCase()}`}
              </button>
              <button type="button" data-testid="save-masters" disabled={busy || saving} title="Store these masters in the calibration library for later nights (never overwriting; one already there is not stored twice)" onClick={() => void actions().saveMastersToLibrary()}>
                {saving ? 'Saving…' : 'Save to library'}
              </button>
              <button type="button" className="primary" onClick={onNext}>
                Next: calibrate →
              </button>
            </>
          ) : (
            <button type="button" className="primary" data-testid="build-masters" disabled={busy || masterIds.length === 0} onClick={() => void actions().buildMasters()}>
              {counts.building > 0 || busy ? 'Building…' : 'Build masters'}
            </button>
          )}
        </div>
      </header>
      {error && <p className="alert error">{error}</p>}
      {saveError && !saving && <p className="alert error">{saveError}</p>}
      {saveReport && (
        <p className="alert info" role="status" data-testid="save-masters-report">
          {saveReport.masters.filter((m) => m.stored).length} saved to the library {saveReport.library}
          {saveReport.masters.some((m) => !m.stored) && `, ${saveReport.masters.filter((m) => !m.stored).length} already there`}
          {saveReport.failed.length > 0 && `; ${saveReport.failed.length} failed: ${saveReport.failed.map((f) => `${f.master}: ${f.reason}`).join('; ')}`}
        </p>
      )}
      {masterIds.length === 0 && <p className="muted">This night has no calibration frames to combine: lights will be calibrated with what is there.</p>}
      <div className="card-grid">
        {masterIds.map((id) => (
          <MasterCard key={id} masterId={id} />
        ))}
      </div>
    </section>
  );
}
