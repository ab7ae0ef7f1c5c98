/** Step 2: build the planned masters and look at each. */
import { useShallow } from 'zustand/react/shallow';
import { useAppActions, useAppStore } from '../app-context';
import { EmptyStep } from '../EmptyStep';
import { MasterCard } from './MasterCard';
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
  const actions = useAppActions();
  const allBuilt = masterIds.length > 0 && counts.built === masterIds.length;

  if (!hasNight) return <EmptyStep text="Open a night first: its biases, darks and flats become masters here." />;
  return (
    <section className="step-panel" aria-labelledby="masters-title">
      <header className="panel-header">
        <div>
          <h2 id="masters-title">Masters</h2>
          <p className="muted tabular">
            {masterIds.length} planned · {counts.built} built{counts.failed > 0 && ` · ${counts.failed} failed`}
          </p>
        </div>
        <div className="actions">
          {allBuilt ? (
            <>
              <span className="done-note">✓ All masters built</span>
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
      {masterIds.length === 0 && <p className="muted">This night has no calibration frames to combine: lights will be calibrated with what is there.</p>}
      <div className="card-grid">
        {masterIds.map((id) => (
          <MasterCard key={id} masterId={id} />
        ))}
      </div>
    </section>
  );
}

