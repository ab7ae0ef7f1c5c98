/**
 * The calibration library: every master it holds (keys, frames, date, age, the runs that used
 * it), a folder of raw calibration frames added as masters, and which of them the open night
 * uses. Main lists, builds and matches; this panel only shows and asks.
 */
import { useEffect, useState } from 'react';
import type { ListedMaster } from '../../shared/contract';
import { plural } from '../../shared/plural';
import { useAppServices, useAppStore } from '../app-context';
import { FolderBrowser } from '../night/FolderBrowser';
import { SkippedFiles } from './SkippedFiles';
import './library.css';

const KIND_WORDS: Readonly<Record<ListedMaster['kind'], string>> = { bias: 'Bias', dark: 'Dark', darkflat: 'Dark flat', flat: 'Flat' };

export function LibraryPanel() {
  const { client } = useAppServices();
  const library = useAppStore((s) => s.library);
  const loading = useAppStore((s) => s.libraryLoading);
  const adding = useAppStore((s) => s.libraryAdding);
  const report = useAppStore((s) => s.libraryReport);
  const error = useAppStore((s) => s.libraryError);
  const host = useAppStore((s) => s.host);
  const nightLibraries = useAppStore((s) => s.night?.libraries);
  const used = nightLibraries?.flatMap((l) => l.used) ?? [];
  const loadLibrary = useAppStore((s) => s.loadLibrary);
  const addLibraryFolder = useAppStore((s) => s.addLibraryFolder);
  const [path, setPath] = useState('');
  useEffect(() => void loadLibrary(), [loadLibrary]);
  const browser = host !== null && !host.canChooseFolder;
  const add = (folder: string): void => {
    if (folder.trim() !== '') void addLibraryFolder(folder.trim());
  };

  return (
    <section className="step-panel library-panel" aria-labelledby="library-title" data-testid="library-panel">
      <header className="panel-header">
        <div>
          <h2 id="library-title">Calibration library</h2>
          <p className="muted">
            Masters kept across nights: bias and darks per gain, offset, temperature and exposure. A night takes its own frames first, then these, by the same keys.
          </p>
          {library?.addTarget && (
            <p className="mono muted selectable" title={library.addTarget}>
              {library.addTarget}
            </p>
          )}
        </div>
      </header>

      {library?.addTarget && (
        <div className="library-add">
          <h3>Add a folder of calibration frames</h3>
          <p className="muted hint">Its bias, darks, dark flats and flats are made into masters and stored in the library; the folder itself is only read.</p>
          <form
            className="path-form"
            onSubmit={(event) => {
              event.preventDefault();
              add(path);
            }}
          >
            <label htmlFor="library-path">Folder</label>
            <input id="library-path" className="mono" data-testid="library-path-input" type="text" spellCheck={false} placeholder="/path/to/darks-session" value={path} onChange={(e) => setPath(e.currentTarget.value)} />
            {host?.canChooseFolder && (
              <button
                type="button"
                disabled={adding !== null}
                onClick={() =>
                  void client.chooseFolder().then((folder) => {
                    if (folder) setPath(folder);
                  })
                }
              >
                Choose…
              </button>
            )}
            <button type="submit" className="primary" data-testid="library-add" disabled={adding !== null || path.trim() === ''}>
              Add to library
            </button>
          </form>
          {browser && <FolderBrowser pickLabel="Use this folder" pickEntries onPick={(folder) => setPath(folder)} />}
          {adding && (
            <p className="muted" role="status" data-testid="library-adding">
              Making masters of {adding}…
            </p>
          )}
        </div>
      )}
      {error && <p className="alert error">{error}</p>}
      {report && (
        <div className="alert info library-report" data-testid="library-report" role="status">
          <p>
            {plural(report.masters.filter((m) => m.stored).length, 'master')} added
            {report.masters.some((m) => !m.stored) && `, ${report.masters.filter((m) => !m.stored).length} already there`}
            {report.failed.length > 0 && `, ${report.failed.length} failed`} from {report.dir}
            {report.cancelled && ' (stopped before the end)'}
          </p>
          <ul className="small">
            {report.masters.map((m) => (
              <li key={m.relativePath}>
                {m.stored ? 'added' : 'already there'}: {m.words}, {plural(m.frames, 'frame')} → <span className="mono">{m.relativePath}</span>
              </li>
            ))}
            {report.failed.map((f) => (
              <li key={f.master} className="error-text">
                {f.master}: {f.reason}
              </li>
            ))}
          </ul>
          <SkippedFiles files={report.skipped.map((skip) => ({ key: skip.file, file: skip.file, reason: skip.reason }))} label="not used" />
        </div>
      )}

      {used.length > 0 && (
        <>
          <h3>This night uses</h3>
          <ul className="library-used" data-testid="library-used">
            {used.map((u) => (
              <li key={u.masterId} className="mono small">
                {u.origin}
              </li>
            ))}
          </ul>
        </>
      )}

      <h3>Masters {library && `(${library.masters.length})`}</h3>
      {loading && !library && <p className="muted">Reading the library…</p>}
      {library && library.notes.map((note) => <p key={note} className="muted hint">{note}</p>)}
      {library && library.masters.length > 0 && (
        <table className="data-table library-masters tabular" data-testid="library-masters">
          <thead>
            <tr>
              <th>Kind</th>
              <th>Keys</th>
              <th>Frames</th>
              <th>Date</th>
              <th>Age</th>
              <th>Used by</th>
            </tr>
          </thead>
          <tbody>
            {library.masters.map((m) => (
              <tr key={`${m.library}/${m.relativePath}`} data-testid="library-master" title={`${m.library}/${m.relativePath}`}>
                <td>
                  {KIND_WORDS[m.kind]}
                  {m.keys.exposure !== null && m.kind !== 'bias' ? ` ${m.keys.exposure} s` : ''}
                  {m.keys.filter ? ` ${m.keys.filter}` : ''}
                  <div className="muted small mono">{m.relativePath}</div>
                </td>
                <td className="small">
                  {m.words}
                  {m.program && <div className="muted">made by {m.program}</div>}
                </td>
                <td>{m.frames ?? '—'}</td>
                <td>{m.dateObs?.slice(0, 10) ?? '—'}</td>
                <td>{m.ageDays === null ? '—' : plural(m.ageDays, 'day')}</td>
                <td title={m.usedBy.map((u) => `${u.at.slice(0, 10)} ${u.night}`).join('\n') || undefined}>{m.usedBy.length === 0 ? 'no run yet' : plural(m.usedBy.length, 'run')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {library && <SkippedFiles files={library.skipped.map((skip) => ({ key: `${skip.library}/${skip.relativePath}`, file: skip.relativePath, reason: skip.reason }))} label="that cannot be used" />}
    </section>
  );
}
