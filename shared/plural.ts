/** Counts in words, right for one and for many: "1 light", "2 lights", "1 frame", "0 problems". */
export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}
