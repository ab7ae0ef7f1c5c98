/**
 * What every component may reach: the client (to make requests), the store (to read state
 * through narrow selectors) and the host's dropped-file helper. Passed in, never imported, so
 * the same components run on the desktop, in a browser and against a fake.
 */
import { createContext, useContext } from 'react';
import { useStore } from 'zustand';
import type { NightcalWindowClient } from '../shared/contract';
import type { AppState, AppStore } from './store';

export interface AppServices {
  readonly client: NightcalWindowClient;
  readonly store: AppStore;
  /** The path of a dropped folder (desktop only; absent in a browser, which cannot tell it). */
  readonly pathForDroppedFile?: (file: File) => string | null;
}

export const AppServicesContext = createContext<AppServices | null>(null);

/** The services of the enclosing <App>. */
export function useAppServices(): AppServices {
  const services = useContext(AppServicesContext);
  if (!services) throw new Error('useAppServices outside <App>');
  return services;
}

/** Reads a piece of the store; the component re-renders only when that piece changes. */
export function useAppStore<T>(selector: (state: AppState) => T): T {
  return useStore(useAppServices().store, selector);
}

/** The store's actions and current state without subscribing (for event handlers). */
export function useAppActions(): () => AppState {
  return useAppServices().store.getState;
}
