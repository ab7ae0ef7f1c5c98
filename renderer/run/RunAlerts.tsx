/**
 * What went wrong with a run, while it holds: why main's run ended without a summary (every
 * window shows it until the next run), and what this window's own request was refused with
 * (cleared once the run it was about starts or ends). The same message is said once.
 */
import { useShallow } from 'zustand/react/shallow';
import { useAppStore } from '../app-context';

/** The run's alerts. */
export function RunAlerts() {
  const messages = useAppStore(useShallow((s) => [...new Set([s.runFailure?.message, s.runError].filter((m): m is string => !!m))]));
  return (
    <>
      {messages.map((message) => (
        <p key={message} className="alert error" data-testid="run-error">
          {message}
        </p>
      ))}
    </>
  );
}
