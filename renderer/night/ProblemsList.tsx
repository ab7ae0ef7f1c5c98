/**
 * What the user should know before calibrating, grouped by kind (a night of 300 lights without
 * a flat is one group, not 300 lines), the most severe kinds first, with the files concerned.
 */
import { useMemo } from 'react';
import { useAppStore } from '../app-context';
import type { Problem } from '../../shared/contract';
import { plural } from '../../shared/plural';

const ORDER: Readonly<Record<Problem['severity'], number>> = { error: 0, warning: 1, info: 2 };
const GLYPHS: Readonly<Record<Problem['severity'], string>> = { error: '✕', warning: '!', info: 'i' };
const EMPTY: readonly Problem[] = [];

/** What each kind of problem is, in a few words, for its group's heading. */
const KIND_NAMES: Readonly<Partial<Record<Problem['code'], string>>> = {
  unclassified: 'Files of unknown type',
  unreadable: 'Unreadable files',
  duplicate: 'Byte-identical copies',
  'missing-exposure': 'No exposure time',
  'bad-value': 'Header values that cannot be right',
  'no-bias': 'Lights without a bias',
  'no-dark': 'Lights without a dark',
  'dark-scaled': 'Darks scaled to another exposure',
  'dark-unscaled': 'Darks of another exposure, unscaled',
  'dark-fitted': 'Bias and dark current fitted from darks',
  'no-flat': 'Lights without a flat',
  'flat-not-dark-subtracted': 'Flats without their dark',
  'size-mismatch': 'Lights no master fits',
  'other-night': 'Masters from another night',
  'no-lights': 'No lights',
  'no-calibration': 'No calibration frames',
  'single-frame-master': 'Masters of a single frame',
  'pre-calibrated': 'Lights the capture software calibrated already',
  'unused-calibration': 'Masters no light uses',
};

/** A message with the night folder left out of its paths (the header shows the folder once). */
export function withinNight(message: string, root: string | null): string {
  if (!root) return message;
  const folder = root.replace(/[\\/]+$/, '');
  return message.split(`${folder}/`).join('').split(`${folder}\\`).join('');
}

/** Problems by kind, each kind with its worst severity; kinds ordered by it. */
export function problemGroups(problems: readonly Problem[]): { readonly code: Problem['code']; readonly severity: Problem['severity']; readonly problems: readonly Problem[] }[] {
  const groups = new Map<Problem['code'], Problem[]>();
  for (const problem of problems) groups.set(problem.code, [...(groups.get(problem.code) ?? []), problem]);
  return [...groups.entries()]
    .map(([code, list]) => ({ code, problems: [...list].sort((a, b) => ORDER[a.severity] - ORDER[b.severity]), severity: list.reduce((worst, p) => (ORDER[p.severity] < ORDER[worst] ? p.severity : worst), 'info' as Problem['severity']) }))
    .sort((a, b) => ORDER[a.severity] - ORDER[b.severity]);
}

/** The night's problems. */
export function ProblemsList() {
  const problems = useAppStore((s) => s.night?.problems ?? EMPTY);
  const root = useAppStore((s) => s.night?.root ?? null);
  const groups = useMemo(() => problemGroups(problems), [problems]);
  if (problems.length === 0) return <p className="muted" data-testid="problems">No problems found.</p>;
  return (
    <div className="problems" data-testid="problems" aria-label="Problems">
      {groups.map((group) => (
        <details key={group.code} className={`problem-group severity-${group.severity}`} open={group.severity !== 'info' || groups.length === 1} data-code={group.code}>
          <summary>
            <span className="severity-glyph" aria-label={group.severity}>
              {GLYPHS[group.severity]}
            </span>{' '}
            {KIND_NAMES[group.code] ?? group.code} <span className="muted">· {plural(group.problems.length, 'problem')}</span>
          </summary>
          <ul>
            {group.problems.map((problem, i) => (
              <li key={`${problem.code}-${i}`} className={`problem severity-${problem.severity}`} data-severity={problem.severity}>
                <div>
                  <span title={problem.message}>{withinNight(problem.message, root)}</span>
                  {problem.frameIds.length > 0 && problem.frameIds.length <= 3 && <span className="mono muted problem-files">{problem.frameIds.join(', ')}</span>}
                  {problem.frameIds.length > 3 && (
                    <details>
                      <summary className="muted">{plural(problem.frameIds.length, 'file')}</summary>
                      <span className="mono muted problem-files">{problem.frameIds.join(', ')}</span>
                    </details>
                  )}
                </div>
                <code className="problem-code muted">{problem.code}</code>
              </li>
            ))}
          </ul>
        </details>
      ))}
    </div>
  );
}
