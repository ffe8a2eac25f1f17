// Counts in messages read right: "1 request", "2 requests", "1 entry", "3 entries".

/** `count` and the noun in the number it needs; `many` when the plural is not noun + "s". */
export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}
