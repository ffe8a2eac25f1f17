// `connector init` at a terminal, in-process: the real command and the real prompt facade, with a
// scripted person answering through Context.prompter (tests/helpers/prompts.ts). What the terminal
// itself does (drawing, masking, Ctrl-C) is tested in tmux by tests/interactive.test.ts.
import { existsSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ACCOUNT_SID, AUTH_TOKEN } from "./helpers/platform.ts";
import { ENTER, scriptedPrompter, type Answer, type Script } from "./helpers/prompts.ts";
import { runInProcess, tempConfigDir } from "./helpers/run.ts";

const SENDER_KINDS = [
  "an E.164 phone number such as +15005550006",
  "a short code of 3 to 6 digits",
  "an alphanumeric sender ID of 1 to 11 letters, digits or spaces",
  "a Messaging Service SID (MG followed by 32 hexadecimal characters)",
];

/** A fresh config dir and the instance.json path beside it (not yet written). */
function place(): { configDir: string; out: string } {
  const configDir = tempConfigDir();
  return { configDir, out: join(configDir, "..", "instance.json") };
}

/** Runs `connector init --out <out> ...args` with `script` answering, the Auth Token in the environment. */
async function initAt(out: string, configDir: string, script: Script, args: string[] = []) {
  const prompter = scriptedPrompter(script);
  const run = await runInProcess(["init", "--out", out, ...args], { CONNECTOR_CONFIG_DIR: configDir, TWILIO_AUTH_TOKEN: AUTH_TOKEN, NO_COLOR: "1" }, "", prompter);
  return { ...run, asked: prompter.asked };
}

/** Every question of a plain init answered: `name`, the test Account SID, the first sender kind and its example, no callback URL; then `write` at Write it?. */
const plainInit = (name: string, ...write: Answer[]): Script => [
  ["Instance name", name],
  [/Account SID/, ACCOUNT_SID],
  ["Sender: which kind?", ENTER],
  [/^Sender \(/, ENTER],
  [/Status callback URL/, ENTER],
  [/^Write /, ...write],
];

const written = (out: string) => JSON.parse(readFileSync(out, "utf8")) as { name: string; configuration: Record<string, string>; templates: unknown[] };

describe("connector init at a terminal (in-process)", () => {
  it("asks for each missing entry in the element's order, the sender by kind, then shows a summary and writes on yes", async () => {
    const { configDir, out } = place();
    const run = await initAt(out, configDir, [
      ["Instance name", "acme-sms"],
      ["Twilio Account SID (AC...)", ACCOUNT_SID],
      ["Sender: which kind?", "a short code of 3 to 6 digits"],
      ["Sender (a short code of 3 to 6 digits) [Backspace, Enter: another kind]", "12345"],
      ["Status callback URL (optional), Enter to skip", ENTER],
      [`Write ${out}? (yes/no)`, ENTER],
    ]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.asked.map(({ kind, message }) => `${kind}: ${message}`)).toEqual([
      "text: Instance name",
      "text: Twilio Account SID (AC...)",
      "select: Sender: which kind?",
      "text: Sender (a short code of 3 to 6 digits) [Backspace, Enter: another kind]",
      "text: Status callback URL (optional), Enter to skip",
      `text: Write ${out}? (yes/no)`,
    ]);
    expect(run.asked[2]?.choices).toEqual(SENDER_KINDS);
    expect(run.stderr).toMatch(new RegExp(`About to write ${out}:[\\s\\S]*messaging\\.sms\\.twilio\\.sender\\s+12345`));
    expect(run.stdout).toContain(`Wrote ${out}.`);
    const document = written(out);
    expect(document.name).toBe("acme-sms");
    expect(document.configuration).toEqual({
      "messaging.sms.twilio.account": ACCOUNT_SID,
      "messaging.sms.twilio.sender": "12345",
      "messaging.sms.twilio.protocol": "sms",
      "messaging.sms.twilio.token": "${TWILIO_AUTH_TOKEN}",
    });
    expect(document.templates.length).toBeGreaterThan(0);
    expect(statSync(out).mode & 0o777).toBe(0o644);
  });

  it("what the flags give is not asked again", async () => {
    const { configDir, out } = place();
    const run = await initAt(
      out,
      configDir,
      [
        ["Status callback URL (optional), Enter to skip", "https://example.com/status"],
        [/^Write /, "yes"],
      ],
      ["--name", "flagged", "--account-sid", ACCOUNT_SID, "--sender", "+15005550006"],
    );
    expect(run.code, run.stderr).toBe(0);
    expect(run.asked.map(({ message }) => message)).toEqual(["Status callback URL (optional), Enter to skip", `Write ${out}? (yes/no)`]);
    expect(written(out)).toMatchObject({ name: "flagged", configuration: { "messaging.sms.twilio.sender": "+15005550006", "messaging.sms.twilio.callback.url": "https://example.com/status" } });
  });

  it("the sender's way back: an empty answer returns to the choice of kind, and the phone number kind offers its example", async () => {
    const { configDir, out } = place();
    const run = await initAt(out, configDir, [
      ["Instance name", "way-back"],
      [/Account SID/, ACCOUNT_SID],
      ["Sender: which kind?", "a short code of 3 to 6 digits", ENTER],
      ["Sender (a short code of 3 to 6 digits) [Backspace, Enter: another kind]", ""],
      [/^Sender \(an E\.164 phone number/, ENTER],
      [/Status callback URL/, ENTER],
      [/^Write /, "y"],
    ]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.asked.filter(({ message }) => message.startsWith("Sender")).map(({ kind, answers }) => `${kind}: ${answers.map(({ answer }) => answer).join(",")}`)).toEqual([
      "select: a short code of 3 to 6 digits",
      "text: ",
      `select: ${SENDER_KINDS[0]}`,
      "text: +15005550006",
    ]);
    expect(written(out).configuration["messaging.sms.twilio.sender"]).toBe("+15005550006");
  });

  it("an answer the element refuses is asked again with the element's message, and a sender that does not fit its kind is refused", async () => {
    const { configDir, out } = place();
    const run = await initAt(out, configDir, [
      ["Instance name", "", "checked"],
      [/Account SID/, "AC12", ACCOUNT_SID],
      ["Sender: which kind?", "a short code of 3 to 6 digits"],
      [/^Sender \(a short code/, "+15005550006", "1234567", "123456"],
      [/Status callback URL/, "not a url", ENTER],
      [/^Write /, "yes"],
    ]);
    expect(run.code, run.stderr).toBe(0);
    const refusals = run.asked.flatMap(({ answers }) => answers.filter(({ refused }) => refused !== undefined).map(({ answer, refused }) => [answer, refused]));
    expect(refusals).toEqual([
      ["", "A name is required (Ctrl-C to stop)."],
      ["AC12", expect.stringContaining("expected AC followed by 32 hexadecimal characters")],
      ["+15005550006", "expected a short code of 3 to 6 digits"],
      ["1234567", "expected a short code of 3 to 6 digits"],
      ["not a url", expect.stringMatching(/URL/)],
    ]);
    expect(written(out)).toMatchObject({ name: "checked", configuration: { "messaging.sms.twilio.sender": "123456" } });
  });

  it("Write it? takes only yes or no: anything else is refused and asked again; no writes nothing and succeeds", async () => {
    const { configDir, out } = place();
    const run = await initAt(out, configDir, plainInit("declined", "maybe", "yess", "ok", "No"));
    expect(run.code, run.stderr).toBe(0);
    expect(run.asked.at(-1)?.answers).toEqual([
      { answer: "maybe", refused: "Answer yes or no." },
      { answer: "yess", refused: "Answer yes or no." },
      { answer: "ok", refused: "Answer yes or no." },
      { answer: "No", refused: undefined },
    ]);
    expect(run.stdout.trim()).toBe("Nothing written.");
    expect(existsSync(out)).toBe(false);
  });

  it("declining Overwrite it? (the default) keeps the file, asks nothing else and is not an error (exit 0)", async () => {
    const { configDir, out } = place();
    writeFileSync(out, '{ "mine": true }\n');
    const run = await initAt(out, configDir, [[`${out} already exists. Overwrite it? (yes/no)`, ENTER]]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.asked).toHaveLength(1);
    expect(run.stdout.trim()).toBe(`Kept ${out}; nothing written.`);
    expect(run.stderr).toBe("");
    expect(readFileSync(out, "utf8")).toBe('{ "mine": true }\n');
  });

  it("yes to Overwrite it? goes on to the questions and the summary, and replaces the file", async () => {
    const { configDir, out } = place();
    writeFileSync(out, '{ "mine": true }\n');
    const run = await initAt(
      out,
      configDir,
      [
        [/Overwrite it\?/, "yes"],
        [/^Write /, "yes"],
      ],
      ["--name", "replaced", "--account-sid", ACCOUNT_SID, "--sender", "12345", "--callback-url", "https://example.com/status"],
    );
    expect(run.code, run.stderr).toBe(0);
    expect(run.asked.map(({ message }) => message)).toEqual([`${out} already exists. Overwrite it? (yes/no)`, `Write ${out}? (yes/no)`]);
    expect(written(out).name).toBe("replaced");
  });

  it("never asks for the Auth Token, never prints it, and writes a ${TWILIO_AUTH_TOKEN} reference in its place", async () => {
    const { configDir, out } = place();
    const run = await initAt(out, configDir, plainInit("secretless", ENTER));
    expect(run.code, run.stderr).toBe(0);
    expect(run.asked.some(({ message, masked }) => masked || /auth token/i.test(message))).toBe(false);
    expect(run.stdout + run.stderr).not.toContain(AUTH_TOKEN);
    expect(readFileSync(out, "utf8")).not.toContain(AUTH_TOKEN);
    expect(written(out).configuration["messaging.sms.twilio.token"]).toBe("${TWILIO_AUTH_TOKEN}");
  });
});
