// The entry point: parse, run one command, render its result or error, return the exit code.
// The only place where errors become exit codes and where signals are handled.
import { isatty } from "node:tty";
import { CommanderError } from "commander";
import { InterruptedError, NotStoredError, UsageError } from "./errors.ts";
import { buildProgram, type Parsed } from "./cli/program.ts";
import { createContext, type ProcessIo } from "./cli/context-from-options.ts";
import { GLOBAL_OPTIONS } from "./cli/options/global-options.ts";
import { readInput, readOptions, secretFlagsUsed } from "./cli/read-input.ts";
import { commandPathOf, unknownHelpTopic, usageErrorOf } from "./cli/usage-errors.ts";
import { coalesceWrites, type CoalescedSink } from "./ui/coalesced-output.ts";
import { writeError, writeResult, type OutputMode } from "./ui/output.ts";
import { createStyle, shouldColor } from "./ui/style.ts";
import { describeStop, stopSignals } from "./os/stop-signals.ts";

/** Runs `connector` with `argv` (without node and script) and returns the exit code. */
export async function main(argv: string[], io: ProcessIo = processIo()): Promise<number> {
  const wantsJson = argv.includes("--json");
  let mode: OutputMode = fallbackMode(wantsJson, argv, io);
  let early: CoalescedSink | undefined;
  const interrupt = new AbortController();
  let echoes = 0;
  const onSignal = (signal: NodeJS.Signals) => {
    if (!interrupt.signal.aborted) {
      // Another listener's clean-up (an exit hook) may send the same signal again, once. That
      // echo is not the user's second Ctrl-C, so it must not exit at once.
      echoes = process.listenerCount(signal) - 1;
      interrupt.abort(new InterruptedError(describeStop(signal)));
      return;
    }
    if (echoes-- > 0) return;
    process.exit(130); // a second Ctrl-C: the user means it
  };
  const signals = stopSignals();
  for (const signal of signals) process.on(signal, onSignal);
  try {
    let chosen: Parsed | undefined;
    // Help that commander writes to stderr (a command group without its subcommand) is held
    // back: with --json the run writes one JSON document instead.
    let heldHelp = "";
    const program = buildProgram(
      async (parsed) => {
        chosen = parsed;
      },
      { out: (text) => io.stdout.write(text), err: (text) => (heldHelp += text) },
      argv,
    );
    const unknownTopic = unknownHelpTopic(program, argv);
    if (unknownTopic) throw unknownTopic;
    try {
      await program.parseAsync(argv, { from: "user" });
    } catch (error) {
      if (error instanceof CommanderError) {
        if (error.exitCode === 0) return 0; // --help, --version
        if (error.code === "commander.help") {
          const path = commandPathOf(program, argv);
          if (wantsJson)
            throw new UsageError(path.length ? `connector ${path.join(" ")} needs a subcommand.` : "No command given.", `Run connector ${[...path, ""].join(" ")}--help for the commands.`);
          io.stderr.write(heldHelp);
          return 2;
        }
        throw usageErrorOf(error, program, argv);
      }
      throw error;
    }
    if (!chosen) {
      if (wantsJson) throw new UsageError("No command given.", "Run connector --help for the commands and global options.");
      io.stdout.write(program.helpInformation());
      return 0;
    }
    const { definition, command } = chosen;
    const ctx = createContext(readOptions(GLOBAL_OPTIONS, command, io.env), io, interrupt.signal);
    mode = {
      json: ctx.json,
      verbose: ctx.verbose,
      style: createStyle(ctx.color),
      errStyle: createStyle(ctx.color && shouldColor(true, io.env, io.stderrIsTTY)),
      github: io.env.GITHUB_ACTIONS === "true",
    };
    const input = readInput(definition, command, io.env);
    for (const { flag, env } of secretFlagsUsed(command)) {
      ctx.note(`Warning: ${flag} puts a secret in your shell history and the process list; ${env ? `set ${env} instead` : "prefer its environment variable"}.`);
    }
    // The lines a command prints as it goes (a batch's NDJSON) reach a pipe in groups; at a terminal, as they come.
    early = mode.json && !io.stdoutIsTTY ? coalesceWrites(io.stdout) : undefined;
    const earlyIo = early ? { stdout: early, stderr: io.stderr } : io;
    // The definition's `run` imports the command's module now, so each command pays only for its own.
    const result = await definition.run(input, ctx, (line) => writeResult(line, mode, earlyIo));
    early?.flush();
    if (result) writeResult(result, mode, io);
    return result?.exitCode ?? 0;
  } catch (error) {
    early?.flush();
    // After Ctrl-C a failure is reported as the interruption, except a token not stored: that says how to store it.
    const keep = error instanceof UsageError || error instanceof NotStoredError;
    return writeError(interrupt.signal.aborted && !keep ? asInterrupt(error, interrupt.signal) : error, mode, io);
  } finally {
    for (const signal of signals) process.off(signal, onSignal);
  }
}

function asInterrupt(error: unknown, signal: AbortSignal): unknown {
  return error instanceof InterruptedError ? error : signal.reason;
}

/** Output mode before the options are known (usage errors): honours --json and NO_COLOR. */
function fallbackMode(json: boolean, argv: string[], io: ProcessIo): OutputMode {
  const color = !json && shouldColor(!argv.includes("--no-color"), io.env, io.stderrIsTTY);
  return { json, verbose: argv.includes("--verbose") || argv.includes("-v"), style: createStyle(false), errStyle: createStyle(color), github: io.env.GITHUB_ACTIONS === "true" };
}

/** The process's streams, each made only when first used: `--version` never pays for stdin. */
function processIo(): ProcessIo {
  return {
    get stdin() {
      return process.stdin;
    },
    get stdout() {
      return quietOnClosedPipe(process.stdout);
    },
    get stderr() {
      return quietOnClosedPipe(process.stderr);
    },
    env: process.env,
    // Asked of the file descriptors, not of process.stdin and process.stderr, which would be made
    // just to answer: a stream over a pipe or a file costs a few milliseconds of every run.
    get stdinIsTTY() {
      return isatty(0);
    },
    get stdoutIsTTY() {
      return isatty(1);
    },
    get stderrIsTTY() {
      return isatty(2);
    },
  };
}

const guarded = new WeakSet<NodeJS.WriteStream>();

/**
 * `connector --help | head` closes the pipe early: that is the reader saying "enough", not
 * an error, so the program ends quietly instead of crashing on EPIPE.
 */
function quietOnClosedPipe(stream: NodeJS.WriteStream): NodeJS.WriteStream {
  if (!guarded.has(stream)) {
    guarded.add(stream);
    stream.on("error", (error: NodeJS.ErrnoException) => {
      if (error.code !== "EPIPE") throw error;
      process.exit(typeof process.exitCode === "number" ? process.exitCode : 0);
    });
  }
  return stream;
}
