// The rate policies of one run, one per service: a platform origin, or a Twilio account at its
// API host. The CLI makes one for the process (cli/context-from-options.ts), so every client of
// the run shares it; the library one per call, so nothing outlives the call in its host. It is
// never a module's own state.
import type { RateLimits } from "../context.ts";
import { createRatePolicy, type RatePolicyOptions } from "./rate-policy.ts";

/** The rate limits of a run; `maxRate` (`--max-rate`) caps every policy. */
export function createRateLimits(options: RatePolicyOptions = {}): RateLimits {
  const policies = new Map<string, ReturnType<typeof createRatePolicy>>();
  return {
    policyFor(key) {
      let policy = policies.get(key);
      if (!policy) policies.set(key, (policy = createRatePolicy(options)));
      return policy;
    },
    stats() {
      let rateLimited = 0;
      let waitedMs = 0;
      for (const policy of policies.values()) {
        rateLimited += policy.rateLimited;
        waitedMs += policy.waitedMs;
      }
      return { rateLimited, waitedMs: Math.round(waitedMs) };
    },
    pacedRate() {
      const rates = [...policies.values()].map((policy) => policy.pacedRate()).filter((rate) => rate !== undefined);
      return rates.length > 0 ? Math.min(...rates) : undefined;
    },
  };
}

/** The key of the platform at `baseUrl`: its origin, so that every path below it shares one limit. */
export function platformRateKey(baseUrl: string): string {
  return URL.canParse(baseUrl) ? `platform ${new URL(baseUrl).origin}` : `platform ${baseUrl}`;
}

/** The key of one Twilio account at one API host: Twilio limits each account on its own. */
export function twilioRateKey(apiUrl: string, accountSid: string): string {
  return `twilio ${URL.canParse(apiUrl) ? new URL(apiUrl).origin : apiUrl} ${accountSid}`;
}
