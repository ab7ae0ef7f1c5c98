/**
 * What only the front end around the API can do. The desktop shell passes one backed by
 * Electron (native dialog, reveal in folder); browser mode and the command line pass their
 * own. The API never imports Electron.
 */
export interface NightcalHost {
  readonly kind: 'desktop' | 'browser' | 'cli';
  /** Folder for app data: the demo night, the list of recent nights. */
  readonly dataDir: string;
  /**
   * Folders the user may browse and open nights in, for hosts without a native dialog
   * (browser mode); null means any folder (desktop dialog, command line).
   */
  readonly allowedRoots: readonly string[] | null;
  /** A native folder dialog; null when the user cancels or the host has none. */
  chooseFolder(): Promise<string | null>;
  /** Show a path in the system's file manager; false when the host cannot. */
  revealPath(path: string): Promise<boolean>;
}
