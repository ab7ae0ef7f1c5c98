import { describe, expect, it } from 'vitest';
import { hostAllowed, newToken, originAllowed, tokenMatches } from '../../../electron/browser-mode/request-guard';

describe('request guard', () => {
  it('accepts only the loopback names with this port as Host', () => {
    expect(hostAllowed('127.0.0.1:8123', 8123)).toBe(true);
    expect(hostAllowed('localhost:8123', 8123)).toBe(true);
    expect(hostAllowed('LOCALHOST:8123', 8123)).toBe(true);
    for (const host of [undefined, '', '127.0.0.1', 'localhost', '127.0.0.1:8124', 'evil.example:8123', '127.0.0.2:8123', '[::1]:8123', '127.0.0.1:8123.evil.example']) {
      expect(hostAllowed(host, 8123), String(host)).toBe(false);
    }
  });

  it('accepts no Origin, or exactly the origin the Host names', () => {
    expect(originAllowed(undefined, '127.0.0.1:8123')).toBe(true);
    expect(originAllowed('http://127.0.0.1:8123', '127.0.0.1:8123')).toBe(true);
    for (const origin of ['null', 'http://evil.example', 'http://localhost:8123', 'https://127.0.0.1:8123', 'http://127.0.0.1:8123.evil.example', '']) {
      expect(originAllowed(origin, '127.0.0.1:8123'), origin).toBe(false);
    }
  });

  it('compares tokens exactly', () => {
    const token = newToken();
    expect(tokenMatches(token, token)).toBe(true);
    for (const candidate of [null, undefined, '', `${token} `, token.slice(1), token.toUpperCase()]) {
      expect(tokenMatches(candidate, token)).toBe(false);
    }
  });

  it('makes 32-byte tokens that differ', () => {
    const tokens = new Set(Array.from({ length: 100 }, newToken));
    expect(tokens.size).toBe(100);
    for (const token of tokens) expect(Buffer.from(token, 'base64url')).toHaveLength(32);
  });
});
