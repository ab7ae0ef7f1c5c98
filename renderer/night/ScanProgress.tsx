/** The scan of a night folder as it goes: headers read out of files found. */
import { useAppStore } from '../app-context';
import { formatCount } from '../format-units';

/** Progress of the scan in flight (headers only, no pixels are read). */
export function ScanProgress() {
  const scan = useAppStore((s) => s.scan);
  const percent = scan && scan.filesFound > 0 ? (100 * scan.filesRead) / scan.filesFound : 0;
  return (
    <div className="scan-progress" aria-live="polite">
      <p>
        <strong>Scanning</strong> <span className="mono muted">{scan?.root ?? ''}</span>
      </p>
      <div className="bar active" role="progressbar" aria-label="Scan progress" aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.round(percent)}>
        <span style={{ width: `${percent}%` }} />
      </div>
      <p className="muted tabular">{scan ? `${formatCount(scan.filesRead)} / ${formatCount(scan.filesFound)} headers read` : 'Looking for FITS files…'}</p>
    </div>
  );
}
