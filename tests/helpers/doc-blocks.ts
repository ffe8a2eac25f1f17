// The commands a page of the documentation shows, in order, as a reader would type them: every
// line of a fenced `sh` block and every `$ ` line of a `console` block (with its `\`
// continuations). A block preceded by `<!-- not run: <reason> -->` is not run, and says why.
// The exit code a command should end with is 0, or the one its comment names (`# exit 3: ...`),
// or in a console block the number shown after a following `$ echo $?`.

export interface DocCommand {
  /** The line of the page where the command starts (1-based). */
  line: number;
  /** The line of the page where its block's fence opens. */
  block: number;
  text: string;
  /** The exit code the page shows for it (0 unless a `# exit N` comment or an `echo $?` says otherwise). */
  exit: number;
}

export interface SkippedBlock {
  block: number;
  reason: string;
}

const NOT_RUN = /^<!-- not run: (.+?) -->$/;

/** Every runnable command of `page`, and the blocks it marks as not run. */
export function commandsOf(page: string): { commands: DocCommand[]; skipped: SkippedBlock[] } {
  const lines = page.split("\n");
  const commands: DocCommand[] = [];
  const skipped: SkippedBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    const lang = /^```(sh|console)$/.exec(lines[i] ?? "")?.[1];
    if (lang === undefined) {
      if (/^```/.test(lines[i] ?? "")) i = closingFence(lines, i);
      continue;
    }
    const block = i + 1;
    const end = closingFence(lines, i);
    const reason = NOT_RUN.exec(lines[i - 1] ?? "")?.[1];
    if (reason !== undefined) skipped.push({ block, reason });
    else commands.push(...(lang === "sh" ? shCommands(lines, i + 1, end, block) : consoleCommands(lines, i + 1, end, block)));
    i = end;
  }
  return { commands, skipped };
}

function closingFence(lines: string[], open: number): number {
  for (let i = open + 1; i < lines.length; i++) if (lines[i] === "```") return i;
  throw new Error(`a fence opened at line ${open + 1} is never closed`);
}

/** The line at `at` with its `\` continuations, and the index of its last line. */
function joined(lines: string[], at: number, end: number, prefix: string): [string, number] {
  let text = (lines[at] ?? "").slice(prefix.length);
  let i = at;
  while (text.endsWith("\\") && i + 1 < end) text = `${text}\n${lines[++i] ?? ""}`;
  return [text, i];
}

function shCommands(lines: string[], from: number, end: number, block: number): DocCommand[] {
  const out: DocCommand[] = [];
  for (let i = from; i < end; i++) {
    if (/^\s*(#.*)?$/.test(lines[i] ?? "")) continue;
    const [text, last] = joined(lines, i, end, "");
    out.push({ line: i + 1, block, text, exit: documentedExit(text) });
    i = last;
  }
  return out;
}

const documentedExit = (text: string) => Number(/#.*\bexit (\d+)\b/.exec(text)?.[1] ?? 0);

function consoleCommands(lines: string[], from: number, end: number, block: number): DocCommand[] {
  const out: DocCommand[] = [];
  for (let i = from; i < end; i++) {
    if (!(lines[i] ?? "").startsWith("$ ")) continue;
    const [text, last] = joined(lines, i, end, "$ ");
    const shown = /^\d+$/.exec(lines[last + 1] ?? "")?.[0];
    const previous = out.at(-1);
    if (text === "echo $?" && previous && shown !== undefined) previous.exit = Number(shown);
    else out.push({ line: i + 1, block, text, exit: documentedExit(text) });
    i = last;
  }
  return out;
}
