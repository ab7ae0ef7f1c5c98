/**
 * A window's client over the desktop bridge: each method's reply data becomes a result or a
 * thrown ApiError again (an Error's class and fields do not survive contextBridge, so the
 * main process answers with data and the error is rebuilt here).
 */
import { API_METHODS, ApiError, type NightcalWindowClient } from '../../shared/contract';
import type { ApiReply } from '../../shared/bridge';
import type { DesktopBridge } from './bridge-types';

/** The client of the desktop app. */
export function clientFromBridge(bridge: DesktopBridge): NightcalWindowClient {
  const methods: Record<string, (arg?: unknown) => Promise<unknown>> = {};
  for (const method of API_METHODS) {
    const call = bridge[method] as (arg?: unknown) => Promise<ApiReply<unknown>>;
    methods[method] = async (arg?: unknown) => {
      let reply: ApiReply<unknown>;
      try {
        reply = await call(arg);
      } catch (error) {
        // Only a missing handler gets here (main still starting, or shutting down).
        throw new ApiError('internal', `${method} could not reach NightCal: ${error instanceof Error ? error.message : String(error)}`);
      }
      if (reply.ok) return reply.result;
      throw ApiError.fromData(reply.error);
    };
  }
  return {
    ...(methods as unknown as Omit<NightcalWindowClient, 'onEvents'>),
    onEvents: (listener) => bridge.onEvents(listener),
  };
}
