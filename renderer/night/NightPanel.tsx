/** Step 1: open a night, then see what it holds: groups, problems, unclassified and excluded files. */
import { useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useAppStore } from '../app-context';
import { formatCount, formatSeconds } from '../format-units';
import { lightCounts } from '../run/run-slice';
import { FrameFileList } from './FrameFileList';
import { GroupsTable } from './GroupsTable';
import { LibrariesList } from './LibrariesList';
import { LightPlans } from './LightPlans';
import { OpenNightPanel } from './OpenNightPanel';
import { ProblemsList } from './ProblemsList';
import { ScanProgress } from './ScanProgress';
import './night.css';

const NONE: readonly string[] = [];

/** The night step. */
export function NightPanel({ onNext }: { readonly onNext: () => void }) {
  const hasNight = useAppStore((s) => s.night !== null);
  const busy = useAppStore((s) => s.nightBusy);
  const error = useAppStore((s) => s.nightError);
  return (
    <section className="step-panel" aria-labelledby="night-title">
      {error && <p className="alert error">{error}</p>}
      {busy && <ScanProgress />}
      {!busy && !hasNight && (
        <>
          <header className="panel-header">
            <h2 id="night-title">Open a night</h2>
          </header>
          <OpenNightPanel />
        </>
      )}
      {!busy && hasNight && <NightOverview onNext={onNext} />}
    </section>
  );
}

function NightOverview({ onNext }: { readonly onNext: () => void }) {
  const [reopen, setReopen] = useState(false);
  const facts = useAppStore(
    useShallow((s) => {
      const night = s.night!;
      return {
        root: night.root,
        outputDir: night.outputDir,
        files: night.frames.length,
        groups: night.groups.length,
        // What the run will calibrate; light files it cannot take are said beside it.
        ...lightCounts(night),
        masters: night.plan.masters.length,
        problems: night.problems.length,
        errors: night.problems.filter((p) => p.severity === 'error').length,
        unclassified: night.unclassified.length,
        scanSeconds: night.scanSeconds,
      };
    }),
  );
  const unclassified = useAppStore((s) => s.night?.unclassified ?? NONE);
  const excluded = useAppStore(useShallow((s) => s.night?.frames.filter((f) => f.excluded).map((f) => f.id) ?? NONE));
  const tiles: [string, string, string?][] = [
    ['Files', formatCount(facts.files)],
    ['Groups', formatCount(facts.groups)],
    ['Lights', formatCount(facts.calibratable), facts.blocked > 0 ? `+${formatCount(facts.blocked)} cannot be calibrated` : undefined],
    ['Masters planned', formatCount(facts.masters)],
    ['Unclassified', formatCount(facts.unclassified)],
    ['Problems', formatCount(facts.problems)],
    ['Scan', formatSeconds(facts.scanSeconds)],
  ];
  return (
    <>
      <header className="panel-header">
        <div>
          <h2 id="night-title">Night</h2>
          <p className="mono muted selectable" title={facts.root}>
            {facts.root}
          </p>
        </div>
        <div className="actions">
          <button type="button" onClick={() => setReopen(!reopen)} aria-expanded={reopen}>
            Open another night
          </button>
          <button type="button" className={facts.masters > 0 || facts.calibratable > 0 ? 'primary' : ''} onClick={onNext}>
            Next: masters →
          </button>
        </div>
      </header>
      {reopen && <OpenNightPanel />}
      <dl className="tiles tabular">
        {tiles.map(([name, value, note]) => (
          <div key={name} className={`tile ${(name === 'Unclassified' && facts.unclassified > 0) || (name === 'Problems' && facts.errors > 0) ? 'tile-warning' : ''}`}>
            <dt>{name}</dt>
            <dd>{value}</dd>
            {note && <p className="tile-note">{note}</p>}
          </div>
        ))}
      </dl>
      <h3>What each light group gets</h3>
      <LightPlans />
      <LibrariesList />
      <h3>Problems</h3>
      <ProblemsList />
      <h3>Groups</h3>
      <p className="muted hint">Click a group to see its files; hover a file for why it got its type. Change a type or leave a file out before building masters.</p>
      <GroupsTable />
      {unclassified.length > 0 && (
        <>
          <h3>Unclassified files ({formatCount(unclassified.length)})</h3>
          <p className="muted hint">NightCal never guesses: give these a type, or leave them out.</p>
          <FrameFileList frameIds={unclassified} />
        </>
      )}
      {excluded.length > 0 && (
        <>
          <h3>Excluded files ({formatCount(excluded.length)})</h3>
          <FrameFileList frameIds={excluded} />
        </>
      )}
      <p className="muted hint outputs-hint">
        Outputs go to <span className="mono">{facts.outputDir}</span> (or <span className="mono">-2</span>, <span className="mono">-3</span>… beside it when it holds a run with other masters); raw files are never written.
      </p>
    </>
  );
}
