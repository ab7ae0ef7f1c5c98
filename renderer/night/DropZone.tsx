/**
 * The whole window accepts a dropped night folder. On the desktop the host tells the folder's
 * path; a browser cannot, so there the drop explains how to open a night instead.
 */
import { useRef, useState, type ReactNode } from 'react';
import { useAppActions, useAppServices } from '../app-context';

/** Wraps the app; `onDropped` is told whether the drop opened a night. */
export function DropZone({ children, onDropped }: { readonly children: ReactNode; readonly onDropped: () => void }) {
  const { pathForDroppedFile } = useAppServices();
  const actions = useAppActions();
  const [over, setOver] = useState(false);
  const depth = useRef(0);
  const carriesFiles = (event: React.DragEvent) => Array.from(event.dataTransfer.types).includes('Files');

  return (
    <div
      className="drop-zone"
      onDragEnter={(event) => {
        if (!carriesFiles(event)) return;
        depth.current += 1;
        setOver(true);
      }}
      onDragLeave={() => {
        depth.current = Math.max(0, depth.current - 1);
        if (depth.current === 0) setOver(false);
      }}
      onDragOver={(event) => {
        if (!carriesFiles(event)) return;
        event.preventDefault();
        event.dataTransfer.dropEffect = pathForDroppedFile ? 'copy' : 'none';
      }}
      onDrop={(event) => {
        event.preventDefault();
        depth.current = 0;
        setOver(false);
        const file = event.dataTransfer.files[0];
        const path = file && pathForDroppedFile ? pathForDroppedFile(file) : null;
        if (path) void actions().openNight(path);
        else
          actions().setNightError(
            pathForDroppedFile
              ? 'The dropped item has no path on disk: drop a folder from the file manager, or use Open night….'
              : 'A browser cannot tell NightCal where a dropped folder is: type the night folder’s path, or browse the server’s folders.',
          );
        onDropped();
      }}
    >
      {children}
      {over && (
        <div className="drop-overlay" aria-hidden="true">
          <p>{pathForDroppedFile ? 'Drop to open this night' : 'This browser cannot open a dropped folder: type its path or browse instead'}</p>
        </div>
      )}
    </div>
  );
}
