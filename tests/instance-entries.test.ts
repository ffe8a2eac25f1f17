// Each twilio entry's "valid when" column of the contract (docs/instance-json.md), as tables of values.
import { describe, expect, it } from "vitest";
import { findElement, findEntry } from "../src/elements/index.ts";
import type { EntryDefinition } from "../src/elements/index.ts";
import { checkEntryValue, isHttpUrl } from "../src/instance/validate-entry.ts";

function entry(key: string): EntryDefinition {
  const twilio = findElement("twilio");
  const found = twilio && findEntry(twilio, key);
  if (!found) throw new Error(`no entry ${key}`);
  return found;
}

const HEX32 = "0123456789abcdef0123456789ABCDEF";

const tables: { key: string; valid: string[]; invalid: string[] }[] = [
  {
    key: "messaging.sms.twilio.account",
    valid: [`AC${HEX32}`, "AC0123456789abcdef0123456789abcdef", `AC${"f".repeat(32)}`],
    invalid: [`AC${HEX32.slice(1)}`, `AC${HEX32}0`, `ac${HEX32}`, `MG${HEX32}`, `AC${"g".repeat(32)}`, "", `SK${HEX32}`, ` AC${HEX32}`],
  },
  {
    key: "messaging.sms.twilio.token",
    valid: [HEX32, "0".repeat(32), "abcdefABCDEF0123456789abcdef0123"],
    invalid: [HEX32.slice(1), `${HEX32}0`, `${HEX32.slice(1)}g`, "", "x".repeat(32), `${HEX32.slice(2)}  `],
  },
  {
    key: "messaging.sms.twilio.sender",
    valid: [
      "+15005550006",
      "+12",
      "+123456789012345", // 15 digits, the E.164 maximum
      "123",
      "123456",
      "A",
      "ACME",
      "Acme Shop",
      "ABCDEFGHIJK", // 11 characters, the alphanumeric maximum
      "Shop 24",
      "1a",
      `MG${HEX32}`,
    ],
    invalid: [
      "+0123456789", // E.164 cannot start with 0
      "+1234567890123456", // 16 digits
      "+1",
      "+",
      "15005550006", // 11 digits: neither short code nor alphanumeric
      "12",
      "1234567",
      "ABCDEFGHIJKL", // 12 characters
      "12345678901", // 11 digits, no letter
      "Shop-1",
      "Acme!",
      "   ",
      `MG${HEX32.slice(1)}`,
      "+1 500 555 0006",
      "",
    ],
  },
  { key: "messaging.sms.twilio.protocol", valid: ["sms"], invalid: ["SMS", "mms", "", "sms "] },
  {
    key: "messaging.sms.twilio.callback.url",
    valid: ["https://example.com/sms/status", "http://127.0.0.1:8080/cb", "HTTPS://EXAMPLE.COM", "https://example.com/a?b=c#d"],
    invalid: ["example.com/sms", "ftp://example.com/x", "https://", "http:example.com", "/sms/status", "javascript:alert(1)", "not a url", ""],
  },
];

describe("each twilio entry is valid exactly when the contract says", () => {
  for (const table of tables) {
    it.each(table.valid)(`${table.key} accepts %j`, (value) => {
      expect(checkEntryValue(entry(table.key), value)).toBe(true);
    });
    it.each(table.invalid)(`${table.key} refuses %j`, (value) => {
      expect(checkEntryValue(entry(table.key), value)).toBe(false);
    });
  }
});

describe("a status callback URL must be absolute http: or https:", () => {
  it("accepts a URL with a port and a path and refuses one without a host", () => {
    expect(isHttpUrl("http://localhost:3000/status")).toBe(true);
    expect(isHttpUrl("http:///path")).toBe(false);
  });
});
