// What provision adds to the instance flags for Twilio: the preflight (--verify) and the test
// message (--test-to, --test-from, --wait, --wait-timeout), and where Twilio is.
import type { TwilioUrlFlags } from "../twilio/endpoints.ts";

export interface ProvisionTwilioFlags extends TwilioUrlFlags {
  verify: boolean;
  testTo?: string;
  testFrom?: string;
  /** `--wait`: wait for the test message's delivery before keeping the instance. */
  wait?: boolean;
  waitTimeout?: string;
}
