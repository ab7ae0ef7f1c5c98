/**
 * The answer for a path outside the folders a confined host (browser mode) was started
 * with. It is the same whether the path exists or not, and it is given before anything is
 * looked up, so the page learns nothing about the rest of the disk.
 */
import { ApiError } from '../../shared/contract';

/** The one refusal for `path` outside the allowed folders, saying how to allow one. */
export function outsideAllowedRoots(path: string, action: 'open' | 'browse'): ApiError {
  return new ApiError('forbidden', `${path} is outside the folders this session may ${action}; to allow a folder, start NightCal with \`nightcal serve --root DIR\``);
}
