/** The FITS header of the shown image(s), card by card, with a keyword filter. */
import { useEffect, useState } from 'react';
import type { ImageSource } from '../../shared/contract';
import { useAppActions, useAppStore } from '../app-context';
import { splitCard } from './header-card';
import { sourceKey } from './preview-slice';

/** A short name for a source's tab. */
export function sourceLabel(source: ImageSource): string {
  return source.kind === 'raw' ? 'Raw' : source.kind === 'calibrated' ? 'Calibrated' : 'Master';
}

/** The side panel with one tab per shown image. */
export function HeaderPanel({ sources }: { readonly sources: readonly ImageSource[] }) {
  const [tab, setTab] = useState(0);
  const [filter, setFilter] = useState('');
  const source = sources[Math.min(tab, sources.length - 1)];
  const entry = useAppStore((s) => s.headers[sourceKey(source)]);
  const actions = useAppActions();
  useEffect(() => {
    void actions().loadHeader(source);
  }, [actions, source]);

  const needle = filter.trim().toUpperCase();
  const cards = entry?.status === 'ready' ? entry.value.cards.filter((card) => needle === '' || card.toUpperCase().includes(needle)) : [];
  return (
    <aside className="header-panel" data-testid="header-panel" aria-label="FITS header">
      <div className="header-panel-top">
        <h3>FITS header</h3>
        {sources.length > 1 && (
          <div className="segmented small">
            {sources.map((s, i) => (
              <button key={sourceKey(s)} type="button" aria-pressed={s === source} onClick={() => setTab(i)}>
                {sourceLabel(s)}
              </button>
            ))}
          </div>
        )}
      </div>
      <input className="header-filter" type="search" placeholder="Filter keywords…" value={filter} onChange={(e) => setFilter(e.currentTarget.value)} aria-label="Filter header cards" />
      {entry?.status === 'ready' && (
        <div className="header-path mono" title={entry.value.path}>
          {entry.value.path}
        </div>
      )}
      {(!entry || entry.status === 'loading') && <p className="muted">Reading header…</p>}
      {entry?.status === 'failed' && <p className="alert error">{entry.message}</p>}
      {entry?.status === 'ready' && (
        <div className="header-cards">
          <table className="mono">
            <tbody>
              {cards.map((card, i) => {
                const { keyword, value, comment } = splitCard(card);
                // COMMENT, HISTORY and blank cards are all text: give it the whole width.
                const valued = card.slice(8, 10) === '= ';
                return (
                  <tr key={i} title={card.trimEnd()}>
                    <th scope="row">{keyword}</th>
                    {valued ? (
                      <>
                        <td className="card-value">{value}</td>
                        <td className="card-comment">{comment}</td>
                      </>
                    ) : (
                      <td className="card-text" colSpan={2}>
                        {value}
                      </td>
                    )}
                  </tr>
                );
              })}
            </tbody>
          </table>
          {cards.length === 0 && <p className="muted">No card matches “{filter}”.</p>}
        </div>
      )}
    </aside>
  );
}
