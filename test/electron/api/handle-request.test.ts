import { describe, expect, it, vi } from 'vitest';
import { ApiError } from '../../../shared/contract';
import { handleApiRequest, toApiErrorData } from '../../../electron/api/handle-request';
import { standInService } from './stand-in-service';

describe('handleApiRequest', () => {
  it('calls the API with the checked argument and answers with its result', async () => {
    const service = standInService();
    const reply = await handleApiRequest(service, 'openNight', { path: '/data/night/' });
    expect(reply).toMatchObject({ ok: true, result: { root: '/data/night', scanSeconds: 0.25 } });
    expect(service.calls).toEqual([{ method: 'openNight', arg: { path: '/data/night' } }]);
  });

  it('refuses unknown methods without calling anything', async () => {
    const service = standInService();
    for (const method of ['dispose', 'onEvent', 'constructor', 42, undefined]) {
      const reply = await handleApiRequest(service, method, undefined);
      expect(reply).toMatchObject({ ok: false, error: { code: 'bad-request' } });
    }
    expect(service.calls).toEqual([]);
  });

  it('refuses a bad argument before the API sees it', async () => {
    const service = standInService();
    const reply = await handleApiRequest(service, 'openNight', { path: 'relative' });
    expect(reply).toEqual({ ok: false, error: { code: 'bad-request', message: 'openNight: path must be an absolute path, got "relative"' } });
    expect(service.calls).toEqual([]);
  });

  it('passes an ApiError on as data', async () => {
    const reply = await handleApiRequest(standInService(), 'openNight', { path: '/missing' });
    expect(reply).toEqual({ ok: false, error: { code: 'not-found', message: 'no folder at /missing' } });
  });

  it('reports any other error as internal, without its message or stack', async () => {
    const log = vi.fn();
    const reply = await handleApiRequest(standInService(), 'getHeader', { source: { kind: 'raw', frameId: 'a' } }, log);
    expect(reply.ok).toBe(false);
    if (reply.ok) return;
    expect(reply.error.code).toBe('internal');
    expect(reply.error.message).not.toMatch(/secret|Cannot read|\.ts:/);
    expect(log).toHaveBeenCalledOnce();
    expect(log.mock.calls[0][1]).toBeInstanceOf(TypeError);
  });
});

describe('toApiErrorData', () => {
  it('recognises an ApiError from another copy of the contract by name and code', () => {
    const foreign = Object.assign(new Error('frame is busy'), { name: 'ApiError', code: 'busy' });
    expect(toApiErrorData(foreign, 'calibrate', () => {})).toEqual({ code: 'busy', message: 'frame is busy' });
  });

  it('does not trust a look-alike with an unknown code', () => {
    const fake = Object.assign(new Error('rm -rf'), { name: 'ApiError', code: 'shell' });
    expect(toApiErrorData(fake, 'calibrate', () => {}).code).toBe('internal');
  });

  it('keeps an ApiError as it is', () => {
    expect(toApiErrorData(new ApiError('cancelled', 'stopped'), 'calibrate')).toEqual({ code: 'cancelled', message: 'stopped' });
  });

  it('turns thrown non-errors into internal', () => {
    expect(toApiErrorData('a string', 'x', () => {}).code).toBe('internal');
    expect(toApiErrorData(undefined, 'x', () => {}).code).toBe('internal');
  });
});
