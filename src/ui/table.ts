// A plain-text table for people: a bold header, columns padded to their widest cell.

/** The rows under `header`, two spaces between columns, no trailing blanks. */
export function table(header: string[], rows: string[][], bold: (text: string) => string): string {
  const widths = header.map((h, col) => Math.max(h.length, ...rows.map((r) => (r[col] ?? "").length)));
  const line = (cells: string[]) =>
    cells
      .map((c, col) => c.padEnd(widths[col] ?? 0))
      .join("  ")
      .trimEnd();
  return [bold(line(header)), ...rows.map(line)].join("\n");
}
