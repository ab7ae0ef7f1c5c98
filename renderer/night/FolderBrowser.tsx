/**
 * Browser mode's folder picker: the server's allowed folders, drilled down one level at a
 * time, with the number of FITS files in each as a hint of where a night is.
 */
import { useEffect, useState } from 'react';
import type { FolderListing } from '../../shared/contract';
import { useAppServices } from '../app-context';
import { errorMessage } from '../error-message';
import { formatCount } from '../format-units';

/** The folder browser; `onOpen` opens the chosen folder as a night. */
export function FolderBrowser({ onOpen }: { readonly onOpen: (path: string) => void }) {
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
          <button type="button" onClick={() => onOpen(path)}>
            Open this folder
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
            <span className={`tabular fits-count ${entry.fitsFiles > 0 ? '' : 'muted'}`}>{entry.fitsFiles > 0 ? `${formatCount(entry.fitsFiles)} FITS` : 'no FITS'}</span>
            {entry.fitsFiles > 0 && (
              <button type="button" className="ghost small" onClick={() => onOpen(entry.path)}>
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
