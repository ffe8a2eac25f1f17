// Instance files as Windows editors save them: CRLF line ends and a byte order mark, in a
// folder whose name has a space and non-ASCII characters: read as any other file, and a problem
// is placed at the right line and column (the terminal's file:line and GitHub's annotation).
// tests/windows/ runs the same with Windows paths (a drive letter, backslashes) under node.exe.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, expect, test } from "vitest";
import { AUTH_TOKEN } from "./helpers/platform.ts";
import { runInProcess } from "./helpers/run.ts";

let dir: string;
beforeEach(() => {
  dir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "connector-crlf-")), "Büro Daten ✔");
  fs.mkdirSync(dir);
});
afterEach(() => fs.rmSync(path.dirname(dir), { recursive: true, force: true }));

const windowsText = (text: string) => `\ufeff${text.replace(/\n/g, "\r\n")}`;

test("a CRLF file with a BOM is valid as the same file with LF", async () => {
  const file = path.join(dir, "instance.json");
  fs.writeFileSync(file, windowsText(fs.readFileSync(new URL("../instance.example.json", import.meta.url), "utf8")));
  const run = await runInProcess(["validate", "--file", file], { TWILIO_AUTH_TOKEN: AUTH_TOKEN });
  expect(run.stderr).toBe("");
  expect(run.code).toBe(0);
});

test("a problem in a CRLF file with a BOM is placed at its line and column, in the terminal and in GitHub's annotation", async () => {
  const file = path.join(dir, "bad.json");
  fs.writeFileSync(file, windowsText('{\n  "name": "x",\n  "element": 5\n}\n'));
  const run = await runInProcess(["validate", "--file", file], { GITHUB_ACTIONS: "true" });
  expect(run.code).toBe(3);
  expect(run.stderr).toContain(`${file}:3:3: Invalid element`);
  expect(run.stdout + run.stderr).toContain(`::error file=${file},line=3,col=3::`);
});
