/** One master: status and strip progress while it is combined; preview, statistics and histogram once built. */
import { memo } from 'react';
import type { ImageStats } from '../../shared/contract';
import { useAppStore } from '../app-context';
import { ErrorBoundary } from '../ErrorBoundary';
import { countOf, formatAdu, formatCount, formatSeconds, formatValue, pathInside } from '../format-units';
import { HistogramPlot } from './HistogramPlot';
import { MasterPreview } from './MasterPreview';
import { masterFormula, masterRecipe, masterTitle } from './master-title';
import { sourceKey, THUMBNAIL_PREVIEW_SIZE } from '../preview/preview-slice';

function StatsTable({ stats, relative, darkExposure }: { readonly stats: ImageStats; readonly relative: boolean; readonly darkExposure: number | null }) {
  const rows: [string, string, string?][] = [
    ['Mean', formatAdu(stats.mean, relative)],
    ['Median', formatAdu(stats.median, relative)],
    ['σ (robust)', formatAdu(stats.sigma, relative), '1.4826 × median absolute deviation'],
    ['Min', formatAdu(stats.min, relative)],
    ['Max', formatAdu(stats.max, relative)],
  ];
  if (darkExposure !== null && darkExposure > 0) {
    rows.push(['Dark current', `${formatValue(stats.median / darkExposure)} ADU/s`, 'median ÷ exposure: lights of other exposures get the dark scaled by it']);
  }
  if (stats.hotPixels !== null) rows.push(['Hot pixels', `${formatCount(stats.hotPixels)} px`, 'more than 5 σ above the median']);
  if (stats.nanCount > 0) rows.push(['Blank (NaN)', `${formatCount(stats.nanCount)} px`]);
  return (
    <table className="stats tabular">
      <tbody>
        {rows.map(([name, value, title]) => (
          <tr key={name} title={title}>
            <th scope="row">{name}</th>
            <td>{value}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** A master's file: its folder, then the file name on a line of its own (not cut at a hyphen). */
function MasterFile({ path }: { readonly path: string }) {
  const slash = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
  return (
    <>
      {slash >= 0 && <span className="path-folder">{path.slice(0, slash + 1)}</span>}
      <span className="path-file">{path.slice(slash + 1)}</span>
    </>
  );
}

/** The card of one master, selected by id. */
export const MasterCard = memo(function MasterCard({ masterId }: { readonly masterId: string }) {
  const master = useAppStore((s) => s.masters[masterId]);
  const strips = useAppStore((s) => s.masterStrips[masterId]);
  const nightRoot = useAppStore((s) => s.night?.root ?? null);
  // Where a library's master comes from, as main worded it.
  const libraryOrigin = useAppStore((s) => s.night?.libraries.flatMap((l) => l.used).find((u) => u.masterId === masterId)?.origin ?? null);
  const previewHistogram = useAppStore((s) => {
    const entry = s.previews[sourceKey({ kind: 'master', masterId }, THUMBNAIL_PREVIEW_SIZE)];
    return entry?.status === 'ready' ? entry.value.histogram : null;
  });
  if (!master) return null;
  const { spec, status } = master;
  const relative = spec.kind === 'flat' && spec.normalise !== null;
  const histogram = previewHistogram ?? master.histogram;
  const percent = strips && strips.total > 0 ? (100 * strips.done) / strips.total : 0;
  const formula = masterFormula(spec);
  return (
    <article className={`card master-card status-${status}`} data-testid="master-card" data-status={status} data-master-id={masterId}>
      <header>
        <h3>{masterTitle(spec)}</h3>
        <span className={`chip status-${status}`}>{status}</span>
      </header>
      {spec.file ? (
        <p className="muted tabular library-origin" data-testid="library-origin" title={libraryOrigin ?? spec.file.path}>
          From the calibration library, used as it is there · {spec.binning} · {spec.width}×{spec.height} px
          {libraryOrigin && <span className="small">{libraryOrigin}</span>}
        </p>
      ) : (
        <p className="muted tabular">
          {status === 'done' && master.method ? `${master.method} of ` : ''}
          {countOf(spec.frameIds.length, 'frame')} · {spec.binning} · {spec.width}×{spec.height} px
          {master.seconds !== null && ` · ${formatSeconds(master.seconds)}`}
        </p>
      )}
      {(!spec.file || spec.normalise) && (
        <p className="recipe" title={masterRecipe(spec).join('; ') || 'frames combined as read'}>
          {spec.file ? 'normalised to median 1 when read' : (formula ?? 'frames combined as read')}
        </p>
      )}
      {status === 'building' && (
        <div className="strip-progress">
          <div className="bar" role="progressbar" aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.round(percent)} aria-label={`Combining ${masterTitle(spec)}`}>
            <span style={{ width: `${percent}%` }} />
          </div>
          <span className="tabular muted">{strips ? `strip ${strips.done} / ${strips.total}` : 'starting…'}</span>
        </div>
      )}
      {status === 'failed' && <p className="alert error">{master.error?.message ?? 'The master could not be built.'}</p>}
      {status === 'done' && (
        <div className="master-body">
          <ErrorBoundary label="The preview">
            <MasterPreview masterId={masterId} />
          </ErrorBoundary>
          {master.stats && (
            <StatsTable
              stats={master.stats}
              relative={relative}
              darkExposure={master.spec.kind === 'dark' && !master.spec.includesBias ? master.spec.exposure : null}
            />
          )}
        </div>
      )}
      {status === 'done' && histogram && (
        <ErrorBoundary label="The histogram">
          <HistogramPlot histogram={histogram} unit={relative ? '' : 'ADU'} />
        </ErrorBoundary>
      )}
      {master.path && (
        <p className="path mono" title={master.path}>
          <MasterFile path={pathInside(master.path, nightRoot)} />
        </p>
      )}
    </article>
  );
});
