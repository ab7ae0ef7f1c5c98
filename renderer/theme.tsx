/**
 * The "night red" setting: everything red on black, to keep dark adaptation at the telescope.
 * It is remembered across sessions and applied to the document root, so CSS does the rest.
 */
import { createContext, useContext, useEffect, useState } from 'react';

const STORAGE_KEY = 'nightcal.nightRed';

export const NightRedContext = createContext<{ readonly nightRed: boolean; readonly setNightRed: (on: boolean) => void }>({
  nightRed: false,
  setNightRed: () => undefined,
});

/** The setting and its setter, kept in localStorage and mirrored as a class on <html>. */
export function useNightRedSetting(): { nightRed: boolean; setNightRed: (on: boolean) => void } {
  const [nightRed, setNightRed] = useState(() => {
    try {
      return localStorage.getItem(STORAGE_KEY) === '1';
    } catch {
      return false;
    }
  });
  useEffect(() => {
    document.documentElement.classList.toggle('night-red', nightRed);
    try {
      localStorage.setItem(STORAGE_KEY, nightRed ? '1' : '0');
    } catch {
      // Storage may be unavailable (private window): the setting then lasts for the session.
    }
  }, [nightRed]);
  return { nightRed, setNightRed };
}

/** Whether night red is on (plots re-read their colours when it changes). */
export function useNightRed(): boolean {
  return useContext(NightRedContext).nightRed;
}
