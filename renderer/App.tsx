/**
 * The NightCal window: header bar, the four steps on the left, the current step (or the
 * frame viewer) in the main area. Everything it knows comes through the client it is given.
 */
// The base styles first, so that each step's own stylesheet comes after them in the cascade.
import './styles.css';
import './controls.css';
import './layout.css';
import { useEffect, useMemo, useRef, useState } from 'react';
import type { NightcalWindowClient } from '../shared/contract';
import { AppServicesContext, useAppServices, useAppStore, type AppServices } from './app-context';
import { createConnectedStore } from './event-wiring';
import { HeaderBar } from './HeaderBar';
import { LibraryPanel } from './library/LibraryPanel';
import { MastersPanel } from './masters/MastersPanel';
import { ErrorBoundary } from './ErrorBoundary';
import { DropZone } from './night/DropZone';
import { NightPanel } from './night/NightPanel';
import { FrameViewer } from './preview/FrameViewer';
import { OutputsPanel } from './run/OutputsPanel';
import { QualityPanel } from './quality/QualityPanel';
import { RunPanel } from './run/RunPanel';
import { StepNav, type Step } from './StepNav';
import { NightRedContext, useNightRedSetting } from './theme';

export interface AppProps {
  readonly client: NightcalWindowClient;
  /** The path of a dropped folder; given on the desktop only (a browser cannot tell it). */
  readonly pathForDroppedFile?: (file: File) => string | null;
}

/** The app over a client. */
export function App({ client, pathForDroppedFile }: AppProps) {
  const [{ store, connect }] = useState(() => createConnectedStore(client));
  const services = useMemo<AppServices>(() => ({ client, store, pathForDroppedFile }), [client, store, pathForDroppedFile]);
  const nightRed = useNightRedSetting();
  useEffect(() => connect(), [connect]);
  return (
    <AppServicesContext.Provider value={services}>
      <NightRedContext.Provider value={nightRed}>
        <Workspace />
      </NightRedContext.Provider>
    </AppServicesContext.Provider>
  );
}

function Workspace() {
  const { store } = useAppServices();
  const [step, setStep] = useState<Step>('night');
  const ready = useAppStore((s) => s.ready);
  const root = useAppStore((s) => s.night?.root ?? null);
  const viewerOpen = useAppStore((s) => s.viewer !== null);
  const closeViewer = useAppStore((s) => s.closeViewer);
  const connectionError = useAppStore((s) => s.connectionError);

  // The first snapshot shows the step a reconnecting window was at; a night opened later
  // (here, from the desktop menu, or in another tab) starts at its overview.
  const shownRoot = useRef<string | null | undefined>(undefined);
  useEffect(() => {
    if (!ready) return;
    if (shownRoot.current === undefined) {
      const state = store.getState();
      setStep(state.summary ? 'outputs' : state.runFrameIds.length > 0 ? 'calibrate' : 'night');
    } else if (root !== null && root !== shownRoot.current) {
      setStep('night');
    }
    shownRoot.current = root;
  }, [ready, root, store]);

  const select = (next: Step) => {
    closeViewer();
    setStep(next);
  };

  if (!ready) {
    return (
      <div className="app loading">
        {connectionError ? (
          <>
            <p className="alert error">Could not read NightCal's state: {connectionError}</p>
            <button type="button" onClick={() => void store.getState().refreshSnapshot()}>
              Try again
            </button>
          </>
        ) : (
          <p className="muted">Connecting to NightCal…</p>
        )}
      </div>
    );
  }
  return (
    <DropZone onDropped={() => select('night')}>
      <div className="app">
        <HeaderBar />
        <StepNav current={viewerOpen ? null : step} onSelect={select} />
        <main className="main-area">
          <ErrorBoundary key={viewerOpen ? 'viewer' : step} label={viewerOpen ? 'The viewer' : 'This step'}>
            {viewerOpen ? (
              <FrameViewer />
            ) : step === 'night' ? (
              <NightPanel onNext={() => select('masters')} />
            ) : step === 'masters' ? (
              <MastersPanel onNext={() => select('calibrate')} />
            ) : step === 'calibrate' ? (
              <RunPanel onShowOutputs={() => select('outputs')} />
            ) : step === 'library' ? (
              <LibraryPanel />
            ) : step === 'quality' ? (
              <QualityPanel />
            ) : (
              <OutputsPanel onCalibrate={() => select('calibrate')} />
            )}
          </ErrorBoundary>
        </main>
      </div>
    </DropZone>
  );
}
