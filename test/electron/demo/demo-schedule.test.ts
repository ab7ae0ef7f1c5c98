import { describe, expect, it } from 'vitest';
import { filterSetups } from '../../../electron/demo/demo-model';
import { demoFrameCards, planDemoFrames } from '../../../electron/demo/demo-schedule';
import { cardKeyword, rawCardValue } from '../../../electron/fits/header-cards';

const filters = filterSetups(['L', 'R', 'H-a']);

describe('planDemoFrames', () => {
  it('takes flats, biases, darks, then lights, each with its own random stream', () => {
    const frames = planDemoFrames({ biasFrames: 2, darkFrames: 2, flatsPerFilter: 1, lights: 5, filters });
    expect(frames.map((f) => f.relativePath)).toEqual([
      'Flats/Flat-001L.fit',
      'Flats/Flat-001R.fit',
      'Flats/Flat-001Ha.fit',
      'Bias/Bias-001.fit',
      'Bias/Bias-002.fit',
      'Darks/Dark-001.fit',
      'Darks/Dark-002.fit',
      'Lights/M51-001L.fit',
      'Lights/M51-002L.fit',
      'Lights/M51-001R.fit',
      'Lights/M51-002R.fit',
      'Lights/M51-001Ha.fit',
    ]);
    expect(frames.map((f) => f.stream)).toEqual(frames.map((_, i) => i + 1));
    const dates = frames.map((f) => f.dateObs);
    expect([...dates].sort()).toEqual(dates);
    expect(frames.filter((f) => f.kind === 'light').map((f) => f.lightIndex)).toEqual([0, 1, 2, 3, 4]);
  });

  it('spaces lights ten minutes apart, and compresses a long sequence into ten hours', () => {
    const few = planDemoFrames({ biasFrames: 0, darkFrames: 0, flatsPerFilter: 0, lights: 3, filters });
    expect(few.map((f) => f.dateObs)).toEqual(['2026-03-14T21:30:00.000', '2026-03-14T21:40:00.000', '2026-03-14T21:50:00.000']);
    const many = planDemoFrames({ biasFrames: 0, darkFrames: 0, flatsPerFilter: 0, lights: 2000, filters });
    expect(many.at(-1)!.dateObs < '2026-03-15T07:30:00.000').toBe(true);
  });
});

describe('demoFrameCards', () => {
  it('writes what classification reads, in valid cards', () => {
    const [light] = planDemoFrames({ biasFrames: 0, darkFrames: 0, flatsPerFilter: 0, lights: 1, filters });
    const cards = demoFrameCards(light);
    const values = Object.fromEntries(cards.map((c) => [cardKeyword(c), rawCardValue(c)]));
    expect(values).toMatchObject({ IMAGETYP: "'Light Frame'", OBJECT: "'M51     '", FILTER: "'L       '", EXPTIME: '60', EXPOSURE: '60', 'DATE-OBS': "'2026-03-14T21:30:00.000'" });
    expect(cards.every((c) => c.length === 80)).toBe(true);
    const [bias] = planDemoFrames({ biasFrames: 1, darkFrames: 0, flatsPerFilter: 0, lights: 0, filters });
    const biasKeywords = demoFrameCards(bias).map(cardKeyword);
    expect(biasKeywords).not.toContain('FILTER');
    expect(biasKeywords).not.toContain('OBJECT');
  });
});
