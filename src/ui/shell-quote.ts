// Values named inside a command line we suggest (`connector token 'my sms'`) are quoted for a
// POSIX shell, so the hint works when pasted whatever the name holds.

/** `value` as one shell word: bare when it is plainly safe, else in single quotes. */
export function shellQuote(value: string): string {
  if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(value)) return value;
  return `'${value.replace(/'/g, `'\\''`)}'`;
}
