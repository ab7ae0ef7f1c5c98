/** Files a library (or a folder added to it) holds but does not use, folded, each with why. */
import { plural } from '../../shared/plural';

export function SkippedFiles({ files, label }: { readonly files: readonly { readonly key: string; readonly file: string; readonly reason: string }[]; readonly label: string }) {
  if (files.length === 0) return null;
  return (
    <details className="small">
      <summary>
        {plural(files.length, 'file')} {label}
      </summary>
      <ul>
        {files.map((f) => (
          <li key={f.key}>
            <span className="mono">{f.file}</span>: {f.reason}
          </li>
        ))}
      </ul>
    </details>
  );
}
