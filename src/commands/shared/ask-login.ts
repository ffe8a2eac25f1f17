// The interactive side of `connector login`: the API root (checked as it is typed) and, once the
// platform has accepted the secrets, a summary and a last word before anything is stored.
import type { Context } from "../../context.ts";
import { isHttpUrl } from "../../elements/check-value.ts";
import { MASK } from "../../secrets.ts";

/** Asks for the platform's API root; Tab or Enter keeps `current`. */
export async function askBaseUrl(ctx: Context, current: string): Promise<string> {
  const { askText } = await import("../../ui/prompts.ts");
  const answer = await askText(ctx, {
    message: "Platform API root",
    default: current,
    validate: (value) => (value === "" || isHttpUrl(value) ? undefined : "expected an http: or https: URL, such as https://api.openconnectors.us2.ext.hana.ondemand.com/elements/api-v2"),
  });
  return (answer || current).replace(/\/+$/, "");
}

/** Shows what will be stored where (secrets masked) and asks to go ahead. */
export async function confirmStore(ctx: Context, baseUrl: string, path: string, secretsTo: "keychain" | "file"): Promise<boolean> {
  const where = secretsTo === "keychain" ? `the secrets in the OS keychain (service "connector") when one answers, else there too` : "the secrets there too";
  ctx.note(
    `\nThe platform accepted the secrets. About to store profile "${ctx.profile}" in ${path} (mode 0600), ${where}:\n  base URL             ${baseUrl}\n  user secret          ${MASK}\n  organization secret  ${MASK}\n`,
  );
  const { askConfirm } = await import("../../ui/prompts.ts");
  return askConfirm(ctx, "Store them?", true);
}
