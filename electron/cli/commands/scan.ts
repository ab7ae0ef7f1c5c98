/** `nightcal scan`: the night's groups, the plan and its problems, for people or (--json) programs. */
import { createNightcalApi } from '../../api/create-api';
import { createCliHost } from '../cli-host';
import { EXIT, oneFolder, type CommandSpec, type OptionValues } from '../command-line';
import { scanJson, scanTable } from '../scan-report';
import { PLAN_OPTIONS, planOptions, utcOffsetOption, UTC_OFFSET_OPTION } from './shared-options';

export const SCAN: CommandSpec = {
  name: 'scan',
  summary: 'Read every frame’s header (never its pixels), group the frames, and say what each light will be calibrated with.',
  args: '<night>',
  options: { json: { type: 'boolean', help: 'one JSON object: groups, files, problems, plan' }, ...UTC_OFFSET_OPTION, ...PLAN_OPTIONS },
  notes: ['exit status: 0 FITS files found; 2 bad usage or no FITS file in the folder'],
};

export async function scan(values: OptionValues, positionals: readonly string[]): Promise<number> {
  const night = oneFolder(positionals);
  const api = createNightcalApi(createCliHost(), { ...utcOffsetOption(values), ...planOptions(values) });
  try {
    const view = await api.openNight({ path: night });
    process.stdout.write(values.json ? `${JSON.stringify(scanJson(view))}\n` : `${scanTable(view)}\n`);
    return view.frames.length > 0 ? EXIT.ok : EXIT.usage;
  } finally {
    await api.dispose();
  }
}
