// Help and docs: every command's --help has examples, `connector help <command>` works, and the
// command reference in docs/commands.md names every command and option the program has.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { describeCommands } from "../src/cli/command-tree.ts";
import { runInProcess } from "./helpers/run.ts";

const commands = describeCommands().filter((spec) => spec.path.length > 0);

describe("help", () => {
  it("every command's --help shows its usage and examples", async () => {
    for (const spec of commands.filter((c) => !c.group)) {
      const result = await runInProcess([...spec.path, "--help"], {});
      expect(result.code, spec.path.join(" ")).toBe(0);
      expect(result.stdout, spec.path.join(" ")).toContain(`Usage: connector ${spec.path.join(" ")}`);
      expect(result.stdout, spec.path.join(" ")).toContain("Examples:");
    }
  });

  it("connector help <command> prints that command's help", async () => {
    const result = await runInProcess(["help", "provision"], {});
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("Usage: connector provision");
    expect(result.stdout).toContain("--if-exists <mode>");
    const group = await runInProcess(["help", "instances"], {});
    expect(group.stdout).toContain("Usage: connector instances");
    expect(group.stdout).toMatch(/list \[options\]/);
  });

  it("connector help <unknown> is a usage error", async () => {
    const result = await runInProcess(["help", "provison"], {});
    expect(result.code).toBe(2);
  });
});

describe("docs/commands.md", () => {
  const readme = readFileSync(new URL("../docs/commands.md", import.meta.url), "utf8");

  it("names every command of the program", () => {
    const missing = commands.map((c) => `connector ${c.path.join(" ")}`).filter((command) => !readme.includes(command));
    expect(missing, "add these commands to docs/commands.md").toEqual([]);
  });

  it("names every option of every command, and the global ones", () => {
    const options = describeCommands().flatMap((c) => c.options.map((o) => o.names.find((n) => n.startsWith("--")) ?? ""));
    const missing = [...new Set(options)].filter((option) => option && !new RegExp(`${option}(?![\\w-])`).test(readme));
    expect(missing, "add these options to docs/commands.md").toEqual([]);
  });
});

describe("README", () => {
  const readmeUrl = new URL("../README.md", import.meta.url);
  const readme = readFileSync(readmeUrl, "utf8");

  it("is a front door of at most 200 lines", () => {
    expect(readme.split("\n").length).toBeLessThanOrEqual(200);
  });

  it("and every page of docs/ link only to files that exist in the repository", () => {
    const pages = [readmeUrl, ...readdirSync(new URL("../docs/", import.meta.url)).map((f) => new URL(`../docs/${f}`, import.meta.url))];
    const missing = pages.flatMap((page) =>
      [...readFileSync(page, "utf8").matchAll(/\]\(([^)#\s]+)(?:#[^)]*)?\)/g)]
        .map((m) => m[1] ?? "")
        .filter((target) => !/^[a-z]+:/.test(target) && !existsSync(new URL(target, page)))
        .map((target) => `${page.pathname.split("/").slice(-2).join("/")} -> ${target}`),
    );
    expect(readme).toContain("](docs/commands.md)");
    expect(missing).toEqual([]);
  });
});

describe("docs that install nothing by surprise", () => {
  const documents = ["README.md", "action.yml", ...readdirSync("docs").map((name) => `docs/${name}`)].filter((file) => file.endsWith(".md") || file.endsWith(".yml"));

  it("no page runs `npx connector`: npm would fetch and run the unrelated package named connector, with the platform secrets in its environment", () => {
    for (const file of documents) expect(readFileSync(file, "utf8"), file).not.toMatch(/npx (--yes |-y )?connector\b/);
  });

  it("a path into the installed package names it as npm installs it (node_modules/open-connectors-sms)", () => {
    for (const file of documents) expect(readFileSync(file, "utf8"), file).not.toContain("node_modules/connector/");
  });
});
