/**
 * What each light group will get, step by step, and why: the plan main made (shared/night/
 * plan-lights.ts), shown as it is — the renderer decides nothing. A missing step says which
 * setting ruled a master out ("gain 200 for 100", "−5.1 °C for −10.0 °C").
 */
import { useMemo } from 'react';
import type { FrameGroup } from '../../shared/contract';
import type { LightPlan, StepChoice } from '../../shared/night/frames';
import { describeSettings } from '../../shared/night/matching';
import { plural } from '../../shared/plural';
import { useAppStore } from '../app-context';
import { formatExposure } from '../format-units';

const STATUS_WORDS: Readonly<Record<StepChoice['status'], string>> = { applied: '✓', included: '✓ (in the dark)', skipped: 'done before', missing: '✕ missing' };

/** One row per light group: its bias, dark and flat. */
export function LightPlans() {
  const night = useAppStore((s) => s.night);
  const rows = useMemo(() => {
    if (!night) return [];
    const byGroup = new Map<string | null, LightPlan>();
    for (const plan of night.plan.lights) if (!byGroup.has(plan.groupId)) byGroup.set(plan.groupId, plan);
    return night.groups.filter((g) => g.type === 'light' && byGroup.has(g.id)).map((group) => ({ group, plan: byGroup.get(group.id)! }));
  }, [night]);
  if (rows.length === 0) return null;
  return (
    <table className="data-table light-plans" data-testid="light-plans">
      <thead>
        <tr>
          <th>Lights</th>
          <th>Bias</th>
          <th>Dark</th>
          <th>Flat</th>
        </tr>
      </thead>
      <tbody>
        {rows.map(({ group, plan }) => (
          <tr key={group.id} data-testid="light-plan" data-group={group.id} className={plan.blocked ? 'blocked' : ''}>
            <td>
              <strong>{groupName(group)}</strong>
              <div className="muted small">{describeSettings(group)}</div>
              {plan.blocked && <div className="error-text small">Not calibrated: {plan.blocked.message}</div>}
            </td>
            {(['bias', 'dark', 'flat'] as const).map((step) => (
              <td key={step} className={`plan-step plan-step-${plan.steps[step].status}`} data-step={step} data-status={plan.steps[step].status} title={plan.steps[step].reason}>
                <span className="step-status">{STATUS_WORDS[plan.steps[step].status]}</span>
                <div className="small">{plan.steps[step].reason}</div>
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function groupName(group: FrameGroup): string {
  return `${group.filter ?? 'No filter'} · ${formatExposure(group.exposure)} · ${plural(group.frameIds.length, 'light')}${group.precalibrated ? ` · pre-calibrated (${group.precalibrated})` : ''}`;
}
