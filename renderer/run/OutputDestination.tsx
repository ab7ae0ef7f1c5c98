/**
 * Where a run writes, as main decides it (a folder holding other files or another run's
 * outputs is passed over for `<folder>-2`…): asked again whenever something that decides it
 * changes, shown before the run, and chosen in the outputs step (the desktop's folder dialog,
 * or the server's folders in browser mode).
 */
import { useEffect, useState } from 'react';
import type { RunDestination } from '../../shared/contract';
import { useAppActions, useAppServices, useAppStore } from '../app-context';
import { errorMessage } from '../error-message';
import { builtWith } from '../masters/masters-slice';
import { FolderBrowser } from '../night/FolderBrowser';

/** The destination of the next run (or of the one going on), refreshed when the night, the masters' method, the chosen folder or the run changes. */
export function useRunDestination(): RunDestination | null {
  const night = useAppStore((s) => s.night);
  const method = useAppStore((s) => builtWith(s) ?? s.combine);
  const outputChoice = useAppStore((s) => s.outputChoice);
  const summary = useAppStore((s) => s.summary);
  const active = useAppStore((s) => s.runActive);
  const destination = useAppStore((s) => s.destination);
  const actions = useAppActions();
  useEffect(() => {
    if (night) void actions().refreshDestination();
  }, [night, method, outputChoice, summary, active, actions]);
  return destination;
}

/** "into /night/calibrated-2", and why the folder asked for is passed over, or why none will do. */
export function DestinationNote() {
  const destination = useRunDestination();
  if (!destination) return <p className="muted output-dir">Finding the output folder…</p>;
  if (destination.outputDir === null) {
    return (
      <p className="alert error output-dir" data-testid="run-output-refused">
        No output folder: {destination.refused}
      </p>
    );
  }
  return (
    <>
      <p className="muted output-dir" data-testid="run-output-dir">
        into <span className="mono selectable">{destination.outputDir}</span>
      </p>
      {destination.passedOver && (
        <p className="muted hint output-dir" data-testid="run-output-passed-over">
          {destination.passedOver}: the run writes beside it instead.
        </p>
      )}
    </>
  );
}

/** The output folder of the next run: typed, chosen (dialog or the server's folders), or the night's default. */
export function OutputFolderChooser() {
  const { client } = useAppServices();
  const host = useAppStore((s) => s.host);
  const outputChoice = useAppStore((s) => s.outputChoice);
  const defaultDir = useAppStore((s) => s.night?.outputDir ?? '');
  const busy = useAppStore((s) => s.runActive);
  const actions = useAppActions();
  const [typed, setTyped] = useState(outputChoice ?? defaultDir);
  const [browsing, setBrowsing] = useState(false);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => setTyped(outputChoice ?? defaultDir), [outputChoice, defaultDir]);

  const choose = (path: string | null) => {
    setError(null);
    setBrowsing(false);
    actions().setOutputChoice(path === null || path === defaultDir ? null : path);
  };
  const browse = () => {
    if (!host?.canChooseFolder) {
      setBrowsing(!browsing);
      return;
    }
    client.chooseFolder().then(
      (path) => path !== null && choose(path),
      (failure: unknown) => setError(errorMessage(failure)),
    );
  };
  return (
    <div className="output-chooser" data-testid="output-chooser">
      <form
        className="path-form"
        onSubmit={(event) => {
          event.preventDefault();
          if (typed.trim() !== '') choose(typed.trim());
        }}
      >
        <label htmlFor="output-folder">Output folder</label>
        <input id="output-folder" className="mono" data-testid="output-folder-input" type="text" spellCheck={false} value={typed} disabled={busy} onChange={(e) => setTyped(e.currentTarget.value)} />
        <button type="submit" disabled={busy || typed.trim() === '' || typed.trim() === (outputChoice ?? defaultDir)}>
          Use
        </button>
        <button type="button" disabled={busy} onClick={browse}>
          {host?.canChooseFolder ? 'Choose…' : 'Browse…'}
        </button>
        <button type="button" className="ghost" disabled={busy || outputChoice === null} onClick={() => choose(null)} title={`Back to ${defaultDir}`}>
          Default
        </button>
      </form>
      {error && <p className="alert error">{error}</p>}
      {browsing && <FolderBrowser pickLabel="Write here" onPick={(path) => choose(path)} />}
    </div>
  );
}
