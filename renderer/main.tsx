/**
 * The page's entry: connect to NightCal (the desktop bridge or browser mode's WebSocket),
 * then mount the app. A failed connection is shown, not thrown into the console.
 */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { connectClient, pathForDroppedFile } from './api-client';
import { App } from './App';
import { errorMessage } from './error-message';

const root = createRoot(document.getElementById('root')!);
// Only the desktop preload can tell a dropped folder's path; a browser gets the typed-path hint.
const dropPaths = window.nightcal ? pathForDroppedFile : undefined;

connectClient().then(
  (client) =>
    root.render(
      <StrictMode>
        <App client={client} pathForDroppedFile={dropPaths} />
      </StrictMode>,
    ),
  (error: unknown) =>
    root.render(
      <div className="app loading">
        <p className="alert error">Could not connect to NightCal: {errorMessage(error)}</p>
        <p className="muted">In browser mode, open the address `nightcal serve` printed (it carries the access token).</p>
      </div>,
    ),
);
