/**
 * The calibration library as the Library step shows it: main's listing (every master with its
 * keys, age and the runs that used it) and the last add's report. Adding plans the open night
 * again in main; the store then reloads its snapshot to show the new plan. The night's own
 * masters can be saved into the library the same way.
 */
import type { LibraryAddReport, LibraryListing } from '../../shared/contract';
import { errorMessage } from '../error-message';
import type { SliceCreator } from '../store';

export interface LibrarySlice {
  readonly library: LibraryListing | null;
  readonly libraryLoading: boolean;
  /** A folder being made into masters, while it is. */
  readonly libraryAdding: string | null;
  readonly libraryReport: LibraryAddReport | null;
  readonly libraryError: string | null;
  /** The night's built masters being stored in the library, while they are. */
  readonly librarySaving: boolean;
  loadLibrary(): Promise<void>;
  addLibraryFolder(path: string): Promise<void>;
  saveMastersToLibrary(): Promise<void>;
}

export const createLibrarySlice: SliceCreator<LibrarySlice> = (set, get, client) => ({
  library: null,
  libraryLoading: false,
  libraryAdding: null,
  libraryReport: null,
  libraryError: null,
  librarySaving: false,
  async loadLibrary() {
    set({ libraryLoading: true, libraryError: null });
    try {
      set({ library: await client.listLibrary(), libraryLoading: false });
    } catch (error) {
      set({ libraryLoading: false, libraryError: errorMessage(error) });
    }
  },
  async addLibraryFolder(path) {
    set({ libraryAdding: path, libraryError: null, libraryReport: null });
    try {
      const report = await client.addToLibrary({ path });
      set({ libraryAdding: null, libraryReport: report });
      // The night was planned again with the new masters; the listing grew.
      await Promise.all([get().loadLibrary(), get().night ? get().refreshSnapshot() : Promise.resolve()]);
    } catch (error) {
      set({ libraryAdding: null, libraryError: errorMessage(error) });
    }
  },
  async saveMastersToLibrary() {
    set({ librarySaving: true, libraryError: null, libraryReport: null });
    try {
      const report = await client.saveMastersToLibrary();
      set({ librarySaving: false, libraryReport: report });
      await Promise.all([get().loadLibrary(), get().refreshSnapshot()]);
    } catch (error) {
      set({ librarySaving: false, libraryError: errorMessage(error) });
    }
  },
});
