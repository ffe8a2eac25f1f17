// What a profile may be called: checked where --profile is read, so a bad name is a usage
// error before any request, and again where a profile is saved.
import { UsageError } from "../errors.ts";

const PROFILE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/** Throws UsageError (exit 2) for a name the store would not accept. */
export function checkProfileName(name: string): string {
  if (!PROFILE_NAME.test(name)) {
    throw new UsageError(
      `Invalid profile name ${JSON.stringify(name)}: use 1 to 64 letters, digits, dots, dashes or underscores, starting with a letter or digit.`,
      "For example: --profile ci, --profile eu10.prod",
    );
  }
  return name;
}
