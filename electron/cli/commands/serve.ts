/** `nightcal serve`: the app in a browser, on 127.0.0.1 with a one-time token. */
import { join, resolve } from 'node:path';
import { REQUEST_LIMITS } from '../../../shared/request-limits';
import { createNightcalApi } from '../../api/create-api';
import { appDataDir } from '../cli-host';
import { EXIT, integerOption, onInterrupt, type CommandSpec, type OptionValues } from '../command-line';
import { PLAN_OPTIONS, planOptions } from './shared-options';

export const SERVE: CommandSpec = {
  name: 'serve',
  summary: 'Serve the app to a browser on this computer only (127.0.0.1), with a one-time token in the address it prints.',
  args: '',
  options: {
    port: { type: 'string', value: 'P', help: 'TCP port (default: any free one)' },
    night: { type: 'string', value: 'DIR', help: 'open this night (and allow its folder)' },
    demo: { type: 'boolean', help: 'open the demo night' },
    root: { type: 'string', multiple: true, value: 'DIR', help: 'a folder the browser may open nights in (repeatable; default: the current folder)' },
    ...PLAN_OPTIONS,
  },
};

export async function serve(values: OptionValues): Promise<number> {
  const night = typeof values.night === 'string' ? resolve(values.night) : undefined;
  const roots = [...((values.root as string[] | undefined) ?? []).map((root) => resolve(root)), ...(night ? [night] : [])];
  const port = typeof values.port === 'string' ? integerOption('port', values.port, REQUEST_LIMITS.port) : 0;
  const { startBrowserMode } = await import('../../browser-mode/serve');
  const { createBrowserHost } = await import('../../browser-mode/browser-host');
  const dataDir = appDataDir();
  // The browser may list and open only what the user named (or the folder serve runs in) and the app data.
  const allowedRoots = [...(roots.length > 0 ? roots : [process.cwd()]), dataDir];
  const service = createNightcalApi(createBrowserHost({ dataDir, allowedRoots }), planOptions(values));
  if (night) await service.openNight({ path: night });
  else if (values.demo) await service.openDemoNight({});
  const server = await startBrowserMode({ service, port, staticDir: join(import.meta.dirname, '..', 'renderer') });
  process.stdout.write(`NightCal browser mode: open ${server.url}\n(loopback only; the token in the address is required. Ctrl-C stops.)\n`);
  await new Promise<void>((resolveStop) => onInterrupt(resolveStop));
  await server.close();
  const { stuckThreads } = await service.dispose();
  return stuckThreads > 0 ? EXIT.someFailed : EXIT.ok;
}
