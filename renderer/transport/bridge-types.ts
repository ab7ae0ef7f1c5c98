/**
 * `window.nightcal`, as the desktop preload exposes it (see shared/bridge.ts); absent in a
 * plain browser, where the page talks to browser mode over a WebSocket instead.
 */
import type { NightcalBridge } from '../../shared/bridge';

/** The bridge with the DOM's File for dropped files. */
export type DesktopBridge = NightcalBridge<File>;

declare global {
  interface Window {
    /** Set by the desktop app's preload; undefined in a browser. */
    readonly nightcal?: DesktopBridge;
  }
}
