/** The left column: the five steps of a night and the calibration library, each with where it stands. */
import { useShallow } from 'zustand/react/shallow';
import { useAppStore } from './app-context';
import { countOf, formatCount, formatRate } from './format-units';
import { countFrameStatuses, lightCounts, processedCount } from './run/run-slice';
import type { AppState } from './store';

/** The steps, in order. */
export type Step = 'night' | 'masters' | 'calibrate' | 'outputs' | 'quality' | 'library';

const STEPS: readonly { readonly step: Step; readonly title: string; readonly status: (s: AppState) => string }[] = [
  {
    step: 'night',
    title: 'Night',
    status: (s) => (s.nightBusy ? 'scanning…' : s.night ? `${countOf(s.night.frames.length, 'file')} · ${countOf(s.night.groups.length, 'group')}` : 'no night open'),
  },
  {
    step: 'masters',
    title: 'Masters',
    status: (s) => {
      if (!s.night) return '—';
      const built = s.masterIds.filter((id) => s.masters[id]?.status === 'done').length;
      return `${built} / ${s.masterIds.length} built`;
    },
  },
  {
    step: 'calibrate',
    title: 'Calibrate',
    status: (s) => {
      if (!s.night) return '—';
      if (s.runStage === null) return countOf(lightCounts(s.night).calibratable, 'light');
      const counts = countFrameStatuses(s.runFrameIds, s.runFrames);
      const measured = s.progress?.framesPerSecond ?? null;
      const rate = s.runActive && measured !== null ? ` · ${formatRate(measured)}` : '';
      return `${formatCount(processedCount(counts))} / ${formatCount(counts.total)}${rate}`;
    },
  },
  {
    step: 'outputs',
    title: 'Outputs',
    status: (s) => (s.summary ? `${formatCount(s.summary.done)} written · ${formatCount(s.summary.failed)} failed` : '—'),
  },
  {
    step: 'quality',
    title: 'Quality',
    status: (s) => (s.review ? `${formatCount(s.review.frames.filter((f) => f.rejected).length)} of ${formatCount(s.review.frames.length)} rejected` : '—'),
  },
  {
    step: 'library',
    title: 'Library',
    status: (s) => {
      const used = s.night?.libraries.reduce((n, l) => n + l.used.length, 0) ?? 0;
      if (s.library) return `${countOf(s.library.masters.length, 'master')}${used > 0 ? ` · ${used} used` : ''}`;
      return used > 0 ? `${used} used by this night` : 'masters across nights';
    },
  },
];

/** The step list; `current` is highlighted. */
export function StepNav({ current, onSelect }: { readonly current: Step | null; readonly onSelect: (step: Step) => void }) {
  const statuses = useAppStore(useShallow((s) => STEPS.map(({ status }) => status(s))));
  const running = useAppStore((s) => s.runActive);
  return (
    <nav className="step-nav" aria-label="Steps">
      <ol>
        {STEPS.map(({ step, title }, i) => (
          <li key={step}>
            <button type="button" className={`step ${current === step ? 'current' : ''}`} aria-current={current === step ? 'step' : undefined} onClick={() => onSelect(step)}>
              {/* The library is no step of a night: it lasts across them. */}
              <span className="step-number">{step === 'library' ? '◇' : i + 1}</span>
              <span className="step-text">
                <span className="step-title">
                  {title}
                  {step === 'calibrate' && running && <span className="pulse" aria-label="running" />}
                </span>
                <span className="step-status tabular">{statuses[i]}</span>
              </span>
            </button>
          </li>
        ))}
      </ol>
    </nav>
  );
}
