// `connector completion`: the bash script is loaded into a real bash and asked for completions
// the way bash asks (COMP_WORDS, COMP_CWORD, then the function), stored names included.
import { execFileSync, spawnSync } from "node:child_process";
import { chmodSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { openStore } from "../src/store/index.ts";
import { buildCompletionModel } from "../src/completion/model.ts";
import { describeCommands } from "../src/cli/command-tree.ts";
import { BIN, runInProcess, tempConfigDir } from "./helpers/run.ts";
import { instanceRecord } from "./helpers/store.ts";

const hasShell = (shell: string) => spawnSync(shell, ["-c", "true"]).status === 0;

/** A directory with a `connector` command that runs the built binary, as an installed one would. */
function binDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "connector-bin-"));
  writeFileSync(join(dir, "connector"), `#!/bin/sh\nexec "${process.execPath}" "${BIN}" "$@"\n`);
  chmodSync(join(dir, "connector"), 0o755);
  return dir;
}

describe("connector completion bash", () => {
  let script = "";
  let path = "";
  let configDir = "";

  beforeAll(async () => {
    script = join(mkdtempSync(join(tmpdir(), "connector-completion-")), "connector.bash");
    const result = await runInProcess(["completion", "bash"], {});
    expect(result.code).toBe(0);
    writeFileSync(script, result.stdout);
    path = `${binDir()}:${process.env.PATH ?? ""}`;
    configDir = tempConfigDir();
    const store = openStore(configDir);
    for (const [id, name] of [
      [7, "acme-sms"],
      [8, "acme-alerts"],
    ] as const) {
      await store.saveInstance(instanceRecord({ id, name, token: `token-${id}-abcdefgh` }));
    }
  });

  /** What bash offers for the last word of `words`. */
  function complete(...words: string[]): string[] {
    const program = `source "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _connector; printf '%s\\n' "\${COMPREPLY[@]}"`;
    const out = execFileSync("bash", ["--norc", "--noprofile", "-c", program, "bash", script, "connector", ...words], {
      env: { PATH: path, CONNECTOR_CONFIG_DIR: configDir },
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
    });
    return out.split("\n").filter(Boolean);
  }

  it("completes commands, subcommands and the shells", () => {
    expect(complete("")).toEqual(
      expect.arrayContaining(["init", "validate", "provision", "send", "instances", "token", "login", "logout", "auth", "emulator", "schema", "completion", "doctor", "help"]),
    );
    expect(complete("")).not.toContain("__complete");
    expect(complete("pro")).toEqual(["provision"]);
    expect(complete("instances", "")).toEqual(["list", "show", "delete"]);
    expect(complete("auth", "")).toEqual(["status", "login", "logout"]);
    expect(complete("auth", "login", "--in")).toEqual(["--insecure-storage"]);
    expect(complete("login", "--ins")).toEqual(["--insecure-storage"]);
    expect(complete("completion", "")).toEqual(["bash", "zsh", "fish", "powershell"]);
    expect(complete("help", "doc")).toEqual(["doctor"]);
  });

  it("completes each command's options and the global ones", () => {
    expect(complete("provision", "--if")).toEqual(["--if-exists"]);
    expect(complete("send", "--te")).toEqual(["--template"]);
    expect(complete("instances", "list", "--")).toEqual(expect.arrayContaining(["--remote", "--tag", "--json", "--profile", "--help"]));
  });

  it("completes option values: choices, element keys, usage types, --config entry keys", () => {
    expect(complete("provision", "--if-exists", "")).toEqual(["fail", "skip", "update", "create"]);
    expect(complete("provision", "--if-exists", "=", "s")).toEqual(["skip"]);
    expect(complete("validate", "--element", "")).toContain("twilio");
    expect(complete("send", "--to", "+15551234567", "--template", "")).toEqual([
      "Register",
      "SignIn",
      "ForgotPassword",
      "Generic",
      "Test",
      "OrganizationInvitation",
      "UserPermissionValidation",
      "BindNewIdentifier",
      "MfaVerification",
      "BindMfa",
    ]);
    expect(complete("provision", "--config", "messaging.sms.twilio.acc")).toEqual(["messaging.sms.twilio.account="]);
  });

  it("completes stored instance names for show, delete, token and --instance, asking the installed connector", () => {
    expect(complete("instances", "show", "")).toEqual(["acme-sms", "acme-alerts"]);
    expect(complete("token", "acme-s")).toEqual(["acme-sms"]);
    expect(complete("--json", "send", "--instance", "acme-a")).toEqual(["acme-alerts"]);
    expect(complete("--profile", "other", "instances", "delete", "")).toEqual([]);
  });
});

describe.skipIf(!hasShell("zsh"))("connector completion zsh", () => {
  it("is a zsh script that parses", async () => {
    const result = await runInProcess(["completion", "zsh"], {});
    expect(result.stdout.startsWith("#compdef connector")).toBe(true);
    const file = join(mkdtempSync(join(tmpdir(), "connector-zsh-")), "_connector");
    writeFileSync(file, result.stdout);
    expect(spawnSync("zsh", ["-n", file]).status).toBe(0);
  });
});

describe.skipIf(!hasShell("fish"))("connector completion fish", () => {
  it("completes subcommands with descriptions in a real fish", async () => {
    const file = join(mkdtempSync(join(tmpdir(), "connector-fish-")), "connector.fish");
    writeFileSync(file, (await runInProcess(["completion", "fish"], {})).stdout);
    const out = execFileSync("fish", ["-c", `source ${file}; complete -C 'connector instances '`], { encoding: "utf8" });
    expect(out.split("\n").map((line) => line.split("\t")[0])).toEqual(expect.arrayContaining(["list", "show", "delete"]));
  });
});

describe("the completion model", () => {
  it("the model offers file paths for --batch and --from-logto, as for --file (zsh and fish render it)", () => {
    const model = buildCompletionModel(describeCommands());
    const valuesOf = (path: string, flag: string) => model.commands.find((c) => c.path.join(" ") === path)?.options.find((o) => o.names.includes(flag))?.values;
    expect([valuesOf("provision", "--batch"), valuesOf("init", "--from-logto"), valuesOf("provision", "--file")]).toEqual([{ kind: "files" }, { kind: "files" }, { kind: "files" }]);
  });
});
