/** What the user should know before calibrating, most severe first, with the files concerned. */
import { useAppStore } from '../app-context';
import type { Problem } from '../../shared/contract';

const ORDER: Readonly<Record<Problem['severity'], number>> = { error: 0, warning: 1, info: 2 };
const GLYPHS: Readonly<Record<Problem['severity'], string>> = { error: '✕', warning: '!', info: 'i' };
const EMPTY: readonly Problem[] = [];

/** A message with the night folder left out of its paths (the header shows the folder once). */
export function withinNight(message: string, root: string | null): string {
  if (!root) return message;
  const folder = root.replace(/[\\/]+$/, '');
  return message.split(`${folder}/`).join('').split(`${folder}\\`).join('');
}

/** The night's problems. */
export function ProblemsList() {
  const problems = useAppStore((s) => s.night?.problems ?? EMPTY);
  const root = useAppStore((s) => s.night?.root ?? null);
  if (problems.length === 0) return <p className="muted" data-testid="problems">No problems found.</p>;
  const sorted = [...problems].sort((a, b) => ORDER[a.severity] - ORDER[b.severity]);
  return (
    <ul className="problems" data-testid="problems" aria-label="Problems">
      {sorted.map((problem, i) => (
        <li key={`${problem.code}-${i}`} className={`problem severity-${problem.severity}`} data-severity={problem.severity}>
          <span className="severity-glyph" aria-label={problem.severity}>
            {GLYPHS[problem.severity]}
          </span>
          <div>
            <span title={problem.message}>{withinNight(problem.message, root)}</span>
            {problem.frameIds.length > 0 && problem.frameIds.length <= 3 && <span className="mono muted problem-files">{problem.frameIds.join(', ')}</span>}
            {problem.frameIds.length > 3 && (
              <details>
                <summary className="muted">{problem.frameIds.length} files</summary>
                <span className="mono muted problem-files">{problem.frameIds.join(', ')}</span>
              </details>
            )}
          </div>
          <code className="problem-code muted">{problem.code}</code>
        </li>
      ))}
    </ul>
  );
}
