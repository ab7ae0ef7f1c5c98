import { describe, expect, it } from 'vitest';
import { MessageReader, packMessage, WireFormatError } from '../../shared/wire-format';

/** Sends a message through pack → frames → reader, as the two ends of a socket would. */
function roundTrip(message: object, maxAttachments = 16): Record<string, unknown> {
  const { text, attachments } = packMessage(message);
  const reader = new MessageReader(maxAttachments);
  let result = reader.read(text);
  for (const bytes of attachments) {
    expect(result).toBeUndefined();
    // The receiver gets each binary frame as an ArrayBuffer of its own.
    result = reader.read(bytes.slice().buffer);
  }
  expect(result).toBeDefined();
  return result!.message;
}

describe('wire format', () => {
  it('carries plain JSON in one text frame', () => {
    const message = { id: 3, ok: true, result: { root: '/data', groups: [{ id: 'g', frameIds: ['a'] }], nothing: null } };
    const packed = packMessage(message);
    expect(packed.attachments).toEqual([]);
    expect(JSON.parse(packed.text)).toEqual(message);
    expect(roundTrip(message)).toEqual(message);
  });

  it('carries a Float32Array bit for bit, NaN, infinities and −0 included', () => {
    const pixels = Float32Array.from([1.5, NaN, -0, 3.25, Infinity, -Infinity, 1e-40, 65535]);
    const back = roundTrip({ id: 1, ok: true, result: { width: 4, pixels } });
    const result = back.result as { pixels: Float32Array; width: number };
    expect(result.pixels).toBeInstanceOf(Float32Array);
    expect(new Uint8Array(result.pixels.buffer)).toEqual(new Uint8Array(pixels.buffer));
    expect(Object.is(result.pixels[2], -0)).toBe(true);
    expect(result.width).toBe(4);
  });

  it('sends a typed array view’s own bytes, not its whole buffer', () => {
    const whole = Float32Array.from([9, 1, 2, 9]);
    const view = whole.subarray(1, 3);
    const packed = packMessage({ id: 1, ok: true, result: view });
    expect(packed.attachments[0].byteLength).toBe(8);
    expect(Array.from(roundTrip({ id: 1, ok: true, result: view }).result as Float32Array)).toEqual([1, 2]);
  });

  it('carries several typed arrays of different types in order', () => {
    const back = roundTrip({ id: 2, ok: true, result: { a: Uint16Array.from([1, 65535]), b: [Float64Array.from([Math.PI]), Int32Array.from([-7])] } });
    const result = back.result as { a: Uint16Array; b: [Float64Array, Int32Array] };
    expect(result.a).toEqual(Uint16Array.from([1, 65535]));
    expect(result.b[0][0]).toBe(Math.PI);
    expect(result.b[1]).toEqual(Int32Array.from([-7]));
  });

  it('keeps non-finite numbers that JSON would turn into null', () => {
    const back = roundTrip({ events: [{ kind: 'x', mean: NaN, max: Infinity, min: -Infinity, n: 0 }] });
    expect(back.events).toEqual([{ kind: 'x', mean: NaN, max: Infinity, min: -Infinity, n: 0 }]);
  });

  it('refuses to pack a reserved key rather than let it be misread', () => {
    expect(() => packMessage({ id: 1, ok: true, result: { $wire: 'number', value: 'NaN' } })).toThrow(WireFormatError);
    expect(() => packMessage({ attachments: 1 })).toThrow(WireFormatError);
  });

  it('refuses types it cannot carry', () => {
    expect(() => packMessage({ result: new DataView(new ArrayBuffer(4)) })).toThrow();
    expect(() => packMessage({ result: Buffer.from('x') })).toThrow(/Buffer/);
    expect(() => packMessage({ result: new ArrayBuffer(8) })).toThrow(/bare buffer/);
  });

  const malformed: [string, (reader: MessageReader) => void][] = [
    ['text that is not JSON', (r) => r.read('{nope')],
    ['a JSON array', (r) => r.read('[1,2]')],
    ['a binary frame with no message', (r) => r.read(new ArrayBuffer(4))],
    ['more attachments than allowed', (r) => r.read('{"attachments":17,"id":1}')],
    ['a negative attachment count', (r) => r.read('{"attachments":-1,"id":1}')],
    ['a text frame while attachments are due', (r) => (r.read('{"attachments":1,"x":{"$wire":"Float32Array","attachment":0}}'), r.read('{}'))],
    ['a reference to a missing attachment', (r) => (r.read('{"attachments":1,"x":{"$wire":"Float32Array","attachment":1}}'), r.read(new ArrayBuffer(4)))],
    ['an attachment never referenced', (r) => (r.read('{"attachments":1,"x":1}'), r.read(new ArrayBuffer(4)))],
    ['an attachment referenced twice', (r) => (r.read('{"attachments":1,"x":[{"$wire":"Int8Array","attachment":0},{"$wire":"Int8Array","attachment":0}]}'), r.read(new ArrayBuffer(4)))],
    ['bytes that are not whole elements', (r) => (r.read('{"attachments":1,"x":{"$wire":"Float32Array","attachment":0}}'), r.read(new ArrayBuffer(6)))],
    ['an unknown marker type', (r) => r.read('{"x":{"$wire":"Function","attachment":0}}')],
    ['a bad number marker', (r) => r.read('{"x":{"$wire":"number","value":"1e999"}}')],
  ];

  it.each(malformed)('the reader refuses %s', (_name, feed) => {
    expect(() => feed(new MessageReader(16))).toThrow(WireFormatError);
  });

  it('a reader for requests (no attachments) refuses any binary content', () => {
    const reader = new MessageReader(0);
    expect(() => reader.read(packMessage({ id: 1, method: 'x', arg: Float32Array.of(1) }).text)).toThrow(/attachment count/);
  });
});

describe('a colour preview over the wire', () => {
  it('carries its three planes as attachments, each read back as it was', () => {
    const plane = (seed: number) => Float32Array.from({ length: 12 }, (_, i) => seed + i / 4);
    const message = { id: 3, ok: true, result: { pixels: plane(0), colour: { planes: [plane(1), plane(2), plane(3)], channels: [{ min: 1, max: 4 }] } } };
    const back = roundTrip(message) as typeof message;
    expect(back.result.colour.planes.map((p) => Array.from(p))).toEqual([1, 2, 3].map((seed) => Array.from(plane(seed))));
    expect(back.result.colour.planes[2]).toBeInstanceOf(Float32Array);
  });
});
