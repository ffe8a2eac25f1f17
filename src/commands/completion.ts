// `connector completion bash|zsh|fish|powershell`: prints the completion script for that shell.
import type { CommandSpec } from "../completion/command-spec.ts";
import { buildCompletionModel } from "../completion/model.ts";
import type { Context } from "../context.ts";
import { UsageError } from "../errors.ts";
import type { CommandResult } from "../ui/result.ts";

/** The script as text (with --json, as the `script` field), for the commands the parser declares (`commands`). */
export async function completion(options: { shell: string; commands: CommandSpec[] }, _ctx: Context): Promise<CommandResult> {
  const model = buildCompletionModel(options.commands);
  let script: string;
  if (options.shell === "bash") script = (await import("../completion/bash.ts")).renderBash(model);
  else if (options.shell === "zsh") script = (await import("../completion/zsh.ts")).renderZsh(model);
  else if (options.shell === "fish") script = (await import("../completion/fish.ts")).renderFish(model);
  else if (options.shell === "powershell") script = (await import("../completion/powershell.ts")).renderPowerShell(model);
  else throw new UsageError(`No completion for shell ${options.shell}.`, "Choose bash, zsh, fish or powershell.");
  return { data: { shell: options.shell, script }, text: () => script };
}
