// What the tests that run a page of the docs as written share: a free loopback port for the
// page's emulator (its 8787 replaced), and a folder with `connector` on PATH, as a reader has.
import { chmodSync, mkdirSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import { expect } from "vitest";
import { BIN } from "./run.ts";

/** A TCP port of 127.0.0.1 that was free a moment ago. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}

/** `<dir>/bin/connector` running the built program, and `<dir>/tmp`; returns the bin folder for PATH. */
export function connectorOnPath(dir: string): string {
  const bin = join(dir, "bin");
  mkdirSync(bin, { recursive: true });
  mkdirSync(join(dir, "tmp"), { recursive: true });
  writeFileSync(join(bin, "connector"), `#!/bin/sh\nexec ${JSON.stringify(process.execPath)} ${JSON.stringify(BIN)} "$@"\n`);
  chmodSync(join(bin, "connector"), 0o755);
  return bin;
}

/** The fenced blocks of `text` whose info string is `lang`, in order. */
export function blocks(text: string, lang: string): string[] {
  return [...text.matchAll(new RegExp("```" + lang + "\\n([\\s\\S]*?)```", "g"))].map((m) => m[1] ?? "");
}

/**
 * A walk's one `sh` set-up block, read as the docs promise it: first `connector emulator --port
 * 8787 &`, then only `export` lines and one `cp` of the sample files; `local` puts `port` in 8787's place.
 */
export function walkSetup(walk: string, port: number) {
  const local = (text: string) => text.replaceAll("127.0.0.1:8787", `127.0.0.1:${port}`).replaceAll("--port 8787", `--port ${port}`);
  const [setup = "", ...otherSh] = blocks(walk, "sh");
  expect(otherSh).toEqual([]);
  const [start = "", ...rest] = local(setup).trim().split("\n");
  expect(start).toMatch(/^connector emulator --port \d+ &$/);
  const exports = rest.filter((line) => line.startsWith("export "));
  // The sample files come from the repository's examples/, copied as the block's `cp` line says.
  const copies = rest.filter((line) => line.startsWith("cp "));
  expect(rest.length).toBe(exports.length + copies.length);
  expect(copies.length).toBe(1);
  return { local, start, exports, copies };
}
