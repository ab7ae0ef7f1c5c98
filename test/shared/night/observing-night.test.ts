import { describe, expect, test } from 'vitest';
import { nightsApart, observingNight } from '../../../shared/night/observing-night';

/** Stony Brook, 73°07′ W: mean solar time is UTC − 4.87 h. */
const STONY_BROOK = -(73 + 7 / 60);
/** Observatoire de Haute-Provence, 5°42′48″ E. */
const OHP = 5 + 42 / 60 + 48 / 3600;

const CASES: readonly { why: string; utc: string | null; lon: number | null; offset: number; night: string | null }[] = [
  { why: 'sbu ST-402 first light (00:11 UTC = 20:11 EDT the evening before)', utc: '2017-10-18T00:11:47.065Z', lon: null, offset: -4, night: '2017-10-17' },
  { why: 'sbu ST-402 last flat (05:35 UTC = 01:35 EDT, same night)', utc: '2017-10-18T05:35:14.014Z', lon: null, offset: -4, night: '2017-10-17' },
  { why: 'sbu ST-402 darks (22:18 UTC = 18:18 EDT the next evening)', utc: '2017-10-18T22:18:22.658Z', lon: null, offset: -4, night: '2017-10-18' },
  { why: 'sbu ST-402 last dark (00:49 UTC on the 19th, still that next night)', utc: '2017-10-19T00:49:02.266Z', lon: null, offset: -4, night: '2017-10-18' },
  { why: 'SITELONG wins over the fallback offset', utc: '2017-10-18T00:11:47.065Z', lon: STONY_BROOK, offset: 10, night: '2017-10-17' },
  { why: 'OHP M76 after midnight belongs to the evening before', utc: '2022-09-23T00:26:28.000Z', lon: OHP, offset: 0, night: '2022-09-22' },
  { why: 'OHP bias at dusk', utc: '2022-09-22T18:44:17.000Z', lon: OHP, offset: 0, night: '2022-09-22' },
  { why: 'TIRCAM2 lights with India time (UTC+5:30): 14:01 local, the next night has begun', utc: '2022-10-23T08:31:24.000Z', lon: null, offset: 5.5, night: '2022-10-23' },
  { why: 'local noon starts the night', utc: '2026-03-01T12:00:00.000Z', lon: null, offset: 0, night: '2026-03-01' },
  { why: 'a millisecond before local noon is the night before', utc: '2026-03-01T11:59:59.999Z', lon: null, offset: 0, night: '2026-02-28' },
  { why: 'offset −10 h: 22:00 UTC is local noon', utc: '2026-03-01T22:00:00.000Z', lon: null, offset: -10, night: '2026-03-01' },
  { why: 'offset −10 h: 21:59 UTC is still the night before', utc: '2026-03-01T21:59:59.000Z', lon: null, offset: -10, night: '2026-02-28' },
  { why: 'offset −10 h: 07:00 UTC is 21:00 local the day before', utc: '2026-03-02T07:00:00.000Z', lon: null, offset: -10, night: '2026-03-01' },
  { why: 'across a year boundary', utc: '2027-01-01T03:00:00.000Z', lon: null, offset: 1, night: '2026-12-31' },
  { why: 'no date, no night', utc: null, lon: null, offset: 0, night: null },
  { why: 'an unreadable date, no night', utc: 'not a date', lon: null, offset: 0, night: null },
  { why: 'a date without a zone is UTC, whatever the machine zone', utc: '2017-10-18T00:11:47.065', lon: null, offset: -4, night: '2017-10-17' },
];

describe('observingNight', () => {
  test.each(CASES)('$why', ({ utc, lon, offset, night }) => {
    expect(observingNight(utc, lon, offset)).toBe(night);
  });

  test("eloy's DATE-OBS − 10 h is our noon-to-noon night at a local offset of +2 h", () => {
    // eloy (docs/calibration.ipynb) groups files by `(DATE-OBS - timedelta(hours=10)).date()`:
    // a night boundary at 10:00 UTC, i.e. local noon at UTC+2. Every half hour over three days:
    const eloyNight = (ms: number) => new Date(ms - 10 * 3_600_000).toISOString().slice(0, 10);
    const start = Date.UTC(2016, 0, 4, 0, 0, 0);
    let checked = 0;
    for (let ms = start; ms < start + 3 * 86_400_000; ms += 1_800_000) {
      expect(observingNight(new Date(ms).toISOString(), null, 2)).toBe(eloyNight(ms));
      checked += 1;
    }
    expect(checked).toBe(144);
    // …and not at −10 h: there the boundary is 22:00 UTC, so the evening of a Hawaiian night differs.
    const evening = Date.UTC(2016, 0, 5, 20, 0, 0);
    expect(observingNight(new Date(evening).toISOString(), null, -10)).toBe('2016-01-04');
    expect(eloyNight(evening)).toBe('2016-01-05');
  });
});

describe('nightsApart', () => {
  test.each([
    ['2017-10-17', '2017-10-18', 1],
    ['2017-10-18', '2017-10-17', 1],
    ['2026-02-28', '2026-03-02', 2],
    ['2026-03-01', '2026-03-01', 0],
    [null, '2026-03-01', 0],
    ['2026-03-01', null, 0],
  ] as const)('%s to %s: %i', (a, b, apart) => {
    expect(nightsApart(a, b)).toBe(apart);
  });
});
