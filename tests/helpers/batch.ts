// Fixtures for batch tests: instance documents, directories of them, NDJSON text, and the
// NDJSON that `provision --json` prints for a batch, parsed line by line.
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { RunResult } from "./run.ts";
import { ACCOUNT_SID } from "./platform.ts";

/** A complete twilio instance named `name` (the auth token comes from TWILIO_AUTH_TOKEN); `entries` override its configuration. */
export function instanceDoc(name: string, extra: Record<string, unknown> = {}, entries: Record<string, string> = {}): Record<string, unknown> {
  return {
    element: { key: "twilio" },
    name,
    tags: ["batch-test"],
    configuration: {
      "messaging.sms.twilio.account": ACCOUNT_SID,
      "messaging.sms.twilio.token": "${TWILIO_AUTH_TOKEN}",
      "messaging.sms.twilio.sender": "+15005550006",
      ...entries,
    },
    ...extra,
  };
}

/** A fresh directory holding `files` (name -> JSON value, or raw text). */
export function writeDir(files: Record<string, unknown>): string {
  const dir = join(mkdtempSync(join(tmpdir(), "connector-batch-")), "instances");
  mkdirSync(dir);
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), typeof content === "string" ? content : JSON.stringify(content, null, 2));
  return dir;
}

/** NDJSON text: one instance a line. */
export function ndjson(docs: unknown[]): string {
  return docs.map((doc) => JSON.stringify(doc)).join("\n") + "\n";
}

// Tests walk the lines freely; the assertions check their shape.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Line = Record<string, any>;

/** Every stdout line parsed as JSON on its own (throws on a line that is not); the summary is the last. */
export function ndjsonOf(run: RunResult): { items: Line[]; summary: Line } {
  const lines = run.stdout.split("\n").filter((line) => line !== "");
  const parsed = lines.map((line, index) => {
    try {
      return JSON.parse(line) as Line;
    } catch {
      throw new Error(`stdout line ${index + 1} is not JSON: ${line}\nstderr:\n${run.stderr}`);
    }
  });
  const summary = parsed.at(-1);
  if (!summary || summary.type !== "summary") throw new Error(`the last line is not the summary:\n${run.stdout}\nstderr:\n${run.stderr}`);
  return { items: parsed.slice(0, -1), summary };
}
