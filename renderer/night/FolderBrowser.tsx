/**
 * Browser mode's folder picker: the server's allowed folders, drilled down one level at a
 * time, with the number of FITS files under each (sub-folders included, as the scan finds
 * them) as a hint of where a night is. Picks a night to open, or a folder to write into.
 */
import { useEffect, useState } from 'react';
import type { FolderEntry, FolderListing } from '../../shared/contract';
import { useAppServices } from '../app-context';
import { errorMessage } from '../error-message';
import { formatCount } from '../format-units';

export interface FolderBrowserProps {
  /** Called with the folder picked. */
  readonly onPick: (path: string) => void;
  /** The label of the button that picks the folder shown ("Open this folder", "Write here"). */
  readonly pickLabel: string;
  /** Nights: every folder holding FITS files gets a button of its own to pick it. */
  readonly pickEntries?: boolean;
}

/** "12 FITS", "100+ FITS", "no FITS": what the server counted under a folder. */
export function fitsCountText(entry: Pick<FolderEntry, 'fitsFiles' | 'moreFits'>): string {
  if (entry.fitsFiles === 0) return entry.moreFits ? 'not counted' : 'no FITS';
  return `${formatCount(entry.fitsFiles)}${entry.moreFits ? '+' : ''} FITS`;
}

/** The folder browser. */
export function FolderBrowser({ onPick, pickLabel, pickEntries = false }: FolderBrowserProps) {
  const { client } = useAppServices();
  const [path, setPath] = useState<string | null>(null);
  const [listing, setListing] = useState<FolderListing | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let current = true;
    setError(null);
    client.listFolder(path === null ? {} : { path }).then(
      (result) => current && setListing(result),
      (failure: unknown) => current && setError(errorMessage(failure)),
    );
    return () => {
      current = false;
    };
  }, [client, path]);

  return (
    <div className="folder-browser" aria-label="Folders on the server">
      <div className="folder-browser-bar">
        <button type="button" className="ghost" disabled={path === null} onClick={() => setPath(listing?.parent ?? null)} title="Parent folder">
          ↑ Up
        </button>
        <span className="mono folder-path" title={path ?? ''}>
          {path ?? 'Allowed folders'}
        </span>
        {path !== null && (
          <button type="button" onClick={() => onPick(path)}>
            {pickLabel}
          </button>
        )}
      </div>
      {error && <p className="alert error">{error}</p>}
      <ul className="folder-entries">
        {listing?.entries.map((entry) => (
          <li key={entry.path}>
            <button type="button" className="folder-entry" onClick={() => setPath(entry.path)} title={entry.path}>
              <span aria-hidden="true">▸</span> {entry.name}
            </button>
            <span className={`tabular fits-count ${entry.fitsFiles > 0 ? '' : 'muted'}`} title={entry.moreFits ? 'counted up to a limit: there are more' : 'FITS files in this folder and its sub-folders'}>
              {fitsCountText(entry)}
            </span>
            {pickEntries && entry.fitsFiles > 0 && (
              <button type="button" className="ghost small" onClick={() => onPick(entry.path)}>
                Open
              </button>
            )}
          </li>
        ))}
        {listing && listing.entries.length === 0 && <li className="muted">No folders inside.</li>}
      </ul>
    </div>
  );
}
