// Twilio's refusals: every common code of the contract has a hint, and providerMessage is read in
// each of the forms the platform uses.
import { describe, expect, it } from "vitest";
import { TWILIO_HINTS, hintForTwilioCode, parseTwilioError } from "../src/api/twilio-errors.ts";

const COMMON = [20003, 20429, 21211, 21216, 21408, 21606, 21608, 21610, 21612, 21614, 30007];

describe("Twilio hints", () => {
  it("has one actionable line for every common code of the contract", () => {
    for (const code of COMMON) {
      const hint = TWILIO_HINTS[code];
      expect(hint, String(code)).toBeDefined();
      expect(hint).not.toContain("\n");
      expect(hint).toContain(":");
    }
  });

  it("has a hint for each delivery failure a --wait reports, naming its cause", () => {
    const causes: Record<number, RegExp> = {
      30003: /unreachable/,
      30004: /blocked/,
      30005: /does not know the To number/,
      30006: /landline/,
      30007: /filtered the message as spam/,
      30008: /no reason/,
      30034: /A2P 10DLC/,
      21610: /STOP/,
    };
    for (const [code, cause] of Object.entries(causes)) expect(TWILIO_HINTS[Number(code)], code).toMatch(cause);
  });

  it("points to Twilio's page for a code without a hint", () => {
    expect(hintForTwilioCode(99999, "https://www.twilio.com/docs/api/errors/99999")).toContain("https://www.twilio.com/docs/api/errors/99999");
  });
});

describe("reading providerMessage", () => {
  const twilio = { code: 21610, message: "Attempt to send to unsubscribed recipient", more_info: "https://www.twilio.com/docs/errors/21610", status: 400 };

  it("reads a JSON string", () => {
    expect(parseTwilioError(JSON.stringify(twilio))).toEqual({ code: 21610, message: twilio.message, moreInfo: twilio.more_info });
  });

  it("reads an object, and a code given as a string", () => {
    expect(parseTwilioError({ ...twilio, code: "21610" })?.code).toBe(21610);
  });

  it("fills more_info with Twilio's error page when absent", () => {
    expect(parseTwilioError({ code: 30007, message: "filtered" })?.moreInfo).toBe("https://www.twilio.com/docs/api/errors/30007");
  });

  it("reads the platform's text forms: `error - {code=..., message=...}` and `NNNNN - message=...; statusCode=...`", () => {
    const message = "The 'To' number +15005550001 is not a valid phone number.";
    expect(parseTwilioError(`error - {code=21211, message=${message}}`)).toEqual({ code: 21211, message, moreInfo: "https://www.twilio.com/docs/api/errors/21211" });
    expect(parseTwilioError(`21211 - message=${message}; statusCode=400 - null`)).toMatchObject({ code: 21211, message });
    expect(parseTwilioError("20003 - message=Authenticate")).toMatchObject({ code: 20003, message: "Authenticate" });
  });

  it("a code that is not five digits in the text (an HTTP status, the platform's own) is not Twilio's", () => {
    for (const text of ["error - {code=403, message=Forbidden}", "3100 - message=Bad request; statusCode=403 - null"]) expect(parseTwilioError(text)).toBeUndefined();
  });

  it("plain text, broken JSON and objects without a code are not Twilio errors", () => {
    for (const value of ["Twilio is down", "{not json", { message: "x" }, null, undefined, 42, [twilio]]) expect(parseTwilioError(value)).toBeUndefined();
  });
});
