/**
 * One request, start to finish, the same for every transport: check the method name and
 * the argument, call the API, and answer with data. Only ApiError messages reach the
 * caller; anything else is a bug, logged here in full and reported as 'internal' without
 * its message or stack (they can hold paths and internals the page has no business seeing).
 */
import { ApiError, type ApiErrorCode, type ApiErrorData, type NightcalApi } from '../../shared/contract';
import type { ApiReply } from '../../shared/bridge';
import { isApiMethod, validateRequest } from './validate-request';

const ERROR_CODES: readonly ApiErrorCode[] = ['bad-request', 'not-found', 'forbidden', 'busy', 'cancelled', 'io', 'internal'];

/** Where unexpected errors are reported (the console by default). */
export type ErrorLog = (message: string, error: unknown) => void;

const logToConsole: ErrorLog = (message, error) => console.error(message, error);

/** Validates `arg` for `method`, calls `api`, and returns the reply; never throws. */
export async function handleApiRequest(
  api: NightcalApi,
  method: unknown,
  arg: unknown,
  log: ErrorLog = logToConsole,
): Promise<ApiReply<unknown>> {
  try {
    if (!isApiMethod(method)) {
      const shown = typeof method === 'string' ? JSON.stringify(method.slice(0, 60)) : typeof method;
      throw new ApiError('bad-request', `unknown method ${shown}`);
    }
    const request = validateRequest(method, arg);
    const call = api[method] as (request: unknown) => Promise<unknown>;
    const result = await call.call(api, request);
    return { ok: true, result };
  } catch (error) {
    return { ok: false, error: toApiErrorData(error, typeof method === 'string' ? method : '?', log) };
  }
}

/** An error as data that may be shown to the page: ApiError as it is, anything else 'internal'. */
export function toApiErrorData(error: unknown, method: string, log: ErrorLog = logToConsole): ApiErrorData {
  if (isApiError(error)) return { code: error.code, message: error.message };
  log(`NightCal: ${method} failed unexpectedly`, error);
  return { code: 'internal', message: `${method} failed unexpectedly; the details are in NightCal's log` };
}

// An ApiError from another copy of the contract module (a second bundle) fails instanceof.
function isApiError(error: unknown): error is ApiError {
  if (error instanceof ApiError) return true;
  if (!(error instanceof Error) || error.name !== 'ApiError') return false;
  const { code } = error as Error & { code?: unknown };
  return typeof code === 'string' && (ERROR_CODES as readonly string[]).includes(code);
}
