// One line of `connector doctor`'s checklist. Checks are data, so the text and JSON renderings
// and the exit code all come from the same list.
import type { ErrorCode } from "../errors.ts";

export type CheckStatus = "ok" | "warn" | "fail" | "skip";

export interface Check {
  /** Stable id for scripts: node, state, profile, secrets, storage, base-url, proxy, dns, platform, auth, instances. */
  id: string;
  title: string;
  status: CheckStatus;
  detail: string;
  /** What to do about a warning or failure. */
  hint?: string;
  /** For a failure: the error code (and so the exit code) it stands for. */
  code?: ErrorCode;
}
