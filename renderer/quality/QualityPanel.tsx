/**
 * Step 5, which subs are good: per filter, the quality plot of every measured light, the lights
 * suggested for rejection with the rule each failed, verdicts by hand, the kept lists main
 * wrote, and the blink view. Everything shown comes from main's review (live while the run goes).
 */
import { useMemo } from 'react';
import { qualitySeries } from '../../shared/quality/quality-series';
import { useAppStore } from '../app-context';
import { BlinkView } from './BlinkView';
import { QualityPlot } from './QualityPlot';
import './quality.css';

/** The quality step. */
export function QualityPanel() {
  const night = useAppStore((s) => s.night);
  const runFrameIds = useAppStore((s) => s.runFrameIds);
  const runFrames = useAppStore((s) => s.runFrames);
  const review = useAppStore((s) => s.review);
  const chosen = useAppStore((s) => s.qualityFilter);
  const blinkIndex = useAppStore((s) => s.blinkIndex);
  const error = useAppStore((s) => s.qualityError);
  const { setQualityFilter, setVerdict, setLimit, resetRules, openBlink, openViewer } = useAppStore((s) => s);
  const all = useMemo(() => qualitySeries(night, runFrameIds, runFrames, review), [night, runFrameIds, runFrames, review]);
  const series = all.find((s) => s.filter === chosen) ?? all[0];

  if (!series) {
    return (
      <section className="quality-panel">
        <h2>Which subs are good</h2>
        <p className="muted">No light has been measured yet: the figures appear here as each light is calibrated.</p>
      </section>
    );
  }
  const rejected = series.points.filter((p) => p.rejected);
  const kept = review?.keptLists.find((list) => list.filter === series.filter);
  return (
    <section className="quality-panel">
      <header className="quality-head">
        <h2>Which subs are good</h2>
        <div className="quality-filters" role="tablist" aria-label="Filter">
          {all.map((s) => (
            <button key={s.filter ?? ''} type="button" role="tab" aria-selected={s === series} className={s === series ? 'current' : ''} onClick={() => setQualityFilter(s.filter)}>
              {s.filter ?? 'no filter'} ({s.points.length})
            </button>
          ))}
        </div>
        <button type="button" onClick={() => openBlink(0)} disabled={blinkIndex !== null}>
          Blink {series.filter ?? ''}
        </button>
      </header>
      <p className="quality-summary" data-testid="quality-summary">
        {series.points.length} lights measured · <strong>{rejected.length} suggested for rejection</strong>
        {review ? ` · rules: ${review.rules.join(', ')}` : ''}
        {review?.provisional ? ' · so far (the run goes on)' : kept ? ` · ${kept.frames} kept in ${kept.path}` : ''}
        {review && !review.provisional && (
          <button type="button" className="link" onClick={() => void resetRules()}>
            default rules
          </button>
        )}
      </p>
      {error && <p className="alert error">{error}</p>}
      {blinkIndex !== null && <BlinkView series={series} />}
      <QualityPlot series={series} onOpen={(frameId) => openViewer({ kind: 'frame', frameId })} onLimit={(limit, value) => void setLimit(limit, value)} />
      <p className="muted quality-hint">Hover a point for its figures, click it to open the light; drag a dashed limit up or down to change its rule.</p>
      <h3>Suggested rejections</h3>
      <ul className="quality-rejections" data-testid="quality-rejections">
        {rejected.length === 0 && <li className="muted">none</li>}
        {rejected.map((p) => (
          <li key={p.frameId} data-frame-id={p.frameId}>
            <button type="button" className="link" onClick={() => openViewer({ kind: 'frame', frameId: p.frameId })}>
              {p.frameId}
            </button>{' '}
            <span className="muted">{p.reasons.join('; ')}</span>{' '}
            <button type="button" onClick={() => void setVerdict(p.frameId, p.verdict === 'reject' ? null : 'keep')}>
              {p.verdict === 'reject' ? 'Undo' : 'Keep'}
            </button>
          </li>
        ))}
      </ul>
      {series.points.some((p) => p.verdict === 'keep') && (
        <>
          <h3>Kept by hand</h3>
          <ul className="quality-rejections">
            {series.points.filter((p) => p.verdict === 'keep').map((p) => (
              <li key={p.frameId} data-frame-id={p.frameId}>
                {p.frameId}{' '}
                <button type="button" onClick={() => void setVerdict(p.frameId, null)}>
                  Undo
                </button>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
