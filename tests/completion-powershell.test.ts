// `connector completion powershell`: a Register-ArgumentCompleter -Native script that carries
// the same model as the bash, zsh and fish scripts (every command path, subcommand, option and
// value source) and asks `connector __complete` for stored names. pwsh cannot be installed
// here, so this checks the script's structure against the model; the workflow's Windows leg
// loads it in a real pwsh.
import { describe, expect, it } from "vitest";
import { describeCommands } from "../src/cli/command-tree.ts";
import { encodeSource } from "../src/completion/encode.ts";
import { buildCompletionModel } from "../src/completion/model.ts";
import { renderPowerShell } from "../src/completion/powershell.ts";
import { runInProcess } from "./helpers/run.ts";

const model = buildCompletionModel(describeCommands());
const script = renderPowerShell(model);

/** The data block of one command path in the script. */
function blockOf(path: string): string {
  const start = script.indexOf(`\n  '${path}' = @{\n`);
  expect(start, `no entry for '${path}'`).toBeGreaterThan(-1);
  return script.slice(start, script.indexOf("\n  }", start + 1));
}

describe("connector completion powershell", () => {
  it("prints the script, registered natively for connector", async () => {
    const run = await runInProcess(["completion", "powershell"], {});
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(script);
    expect(script).toContain("Register-ArgumentCompleter -Native -CommandName connector -ScriptBlock {");
    expect(script).toContain("& connector __complete $candidates[0] @profileArgs --no-input");
  });

  it("holds every command, subcommand, option and value source of the model", () => {
    for (const command of model.commands) {
      const block = blockOf(command.path.join(" "));
      for (const sub of command.subcommands) expect(block).toContain(`@{ Name = '${sub.name}';`);
      for (const option of command.options) {
        expect(block).toContain(`Names = @(${option.names.map((name) => `'${name}'`).join(", ")})`);
        if (option.takesValue) expect(block).toContain(`Values = '${encodeSource(option.values) || "none"}'`);
      }
      for (const source of command.args) expect(block).toContain(`'${encodeSource(source) || "none"}'`);
    }
    const globals = script.slice(script.indexOf("$script:ConnectorGlobalOptions"));
    for (const option of model.globals) for (const name of option.names) expect(globals).toContain(`'${name}'`);
    expect(blockOf("send")).toContain("Values = 'names instances'");
    expect(blockOf("provision")).toContain("Values = 'files'");
  });

  it("quotes descriptions for PowerShell: a quote is doubled, $ and backticks stay literal", () => {
    expect(script).toContain("'remove the profile''s stored platform secrets'");
    expect(script).toContain("'print a stored instance token alone, for $(connector token NAME)'");
    const data = script.slice(0, script.indexOf("Register-ArgumentCompleter"));
    expect(data).not.toMatch(/"/); // only single-quoted (literal) strings in the data
  });

  it("offers powershell beside bash, zsh and fish", async () => {
    const run = await runInProcess(["completion", "tcsh"], {});
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("powershell");
  });
});
