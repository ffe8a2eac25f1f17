// Text from outside (instance names, platform messages, file contents) may hold terminal
// control sequences: an ANSI escape can move the cursor, retitle the window or hide text, NUL
// can cut a line short in a log viewer, and a bidirectional override reorders what a person
// reads. Everything written to a terminal or a log passes through `printable`, which shows such
// characters as `\uXXXX` escapes (also valid inside JSON strings), leaving line breaks and tabs.
//
// With colour on, the only escapes left as they are: the colour and weight codes of our own
// styles (src/ui/style.ts). Outside text using one of those changes a colour, never hides text
// (conceal, code 8, is not among them) nor moves the cursor.

/** C0 controls but tab and line feed, DEL, C1 controls, bidirectional controls, BOM-like invisibles. */
// Matching control characters is this module's purpose.
/* eslint-disable no-control-regex */
const UNPRINTABLE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g;
const OWN_STYLE = /\u001b\[(?:0|1|2|3|4|22|23|24|3[0-79]|4[0-79]|9[0-7])m/g;
const HOLD = "\u0000";
const NUL = /\u0000/g;
/* eslint-enable no-control-regex */

function escape(char: string): string {
  return `\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}`;
}

/** `text` with control and bidirectional characters escaped; `keepStyles` leaves our colour codes. */
export function printable(text: string, keepStyles = false): string {
  if (!keepStyles) return text.replace(UNPRINTABLE, escape);
  const styles: string[] = [];
  // NUL in the text is escaped like any control character; it marks where a style code goes back.
  const held = text.replace(NUL, "\\u0000").replace(OWN_STYLE, (code) => {
    styles.push(code);
    return HOLD;
  });
  let next = 0;
  return held.replace(UNPRINTABLE, (char) => (char === HOLD ? (styles[next++] ?? "") : escape(char)));
}
