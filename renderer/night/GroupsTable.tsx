/** The night's groups (frames that combine or calibrate together); a row expands to its files. */
import { Fragment, useState } from 'react';
import type { FrameGroup } from '../../shared/contract';
import { useAppStore } from '../app-context';
import { formatCount, formatExposure } from '../format-units';
import { FrameFileList } from './FrameFileList';
import { frameKindLabel } from './frame-kinds';
import { describeSettings, formatTemperature } from '../../shared/night/matching';

/** Gain, offset, readout mode, colour pattern and temperature: what a group is matched by besides binning and size. */
function settingsWords(group: FrameGroup): string {
  const parts = [
    group.gain !== null && `gain ${group.gain}`,
    group.offset !== null && `offset ${group.offset}`,
    group.readoutMode !== null && group.readoutMode,
    group.cfa,
    group.temperature && formatTemperature(group.temperature),
    group.precalibrated && `pre-calibrated ${group.precalibrated}`,
  ].filter(Boolean);
  return parts.length > 0 ? parts.join(' · ') : '—';
}

const EMPTY: readonly FrameGroup[] = [];

/** The groups table. */
export function GroupsTable() {
  const groups = useAppStore((s) => s.night?.groups ?? EMPTY);
  const [open, setOpen] = useState<ReadonlySet<string>>(new Set());
  const toggle = (id: string) => {
    const next = new Set(open);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    setOpen(next);
  };
  return (
    <table className="data-table groups tabular" data-testid="groups-table">
      <thead>
        <tr>
          <th aria-label="Expand" />
          <th>Type</th>
          <th>Filter</th>
          <th className="num">Exposure</th>
          <th>Settings</th>
          <th>Binning</th>
          <th>Size (px)</th>
          <th>Night</th>
          <th className="num">Frames</th>
        </tr>
      </thead>
      <tbody>
        {groups.map((group) => {
          const expanded = open.has(group.id);
          return (
            <Fragment key={group.id}>
              <tr className={`group-row ${expanded ? 'expanded' : ''}`} data-testid="group-row" data-type={group.type} data-count={group.frameIds.length} onClick={() => toggle(group.id)} title={group.id}>
                <td>
                  <button type="button" className="expander" aria-expanded={expanded} aria-label={`${expanded ? 'Hide' : 'Show'} the files of ${frameKindLabel(group.type)} ${group.filter ?? ''}`} onClick={(e) => {
                    e.stopPropagation();
                    toggle(group.id);
                  }}>
                    {expanded ? '▾' : '▸'}
                  </button>
                </td>
                <td>
                  <span className={`chip type-${group.type}`}>{frameKindLabel(group.type)}</span>
                </td>
                <td>{group.filter ?? '—'}</td>
                <td className="num">{formatExposure(group.exposure)}</td>
                <td className="settings" title={describeSettings(group)}>{settingsWords(group)}</td>
                <td>{group.binning}</td>
                <td>
                  {group.width}×{group.height}
                </td>
                <td>{group.night ?? '—'}</td>
                <td className="num">{formatCount(group.frameIds.length)}</td>
              </tr>
              {expanded && (
                <tr className="group-files">
                  <td colSpan={9}>
                    <FrameFileList frameIds={group.frameIds} />
                  </td>
                </tr>
              )}
            </Fragment>
          );
        })}
        {groups.length === 0 && (
          <tr>
            <td colSpan={9} className="muted">
              No usable frames were found.
            </td>
          </tr>
        )}
      </tbody>
    </table>
  );
}
