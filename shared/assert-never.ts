/** Ends a switch over a tagged union: adding a kind fails to compile where it is not handled. */
export function assertNever(value: never, what = 'value'): never {
  throw new Error(`unexpected ${what}: ${JSON.stringify(value)}`);
}
