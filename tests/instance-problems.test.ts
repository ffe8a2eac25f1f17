// What resolving an instance reports (the contract's "instance.json"): every missing or
// invalid value at once with its flag and variable, unknown entries as warnings, the exact
// body that is POSTed, and never a secret value in a message.
import fs from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { parseInstanceDocument } from "../src/instance/document.ts";
import type { InstanceSources } from "../src/instance/resolve.ts";
import { forgetSecrets, redact } from "../src/secrets.ts";
import { ACCOUNT, CALLBACK, PROTOCOL, SENDER, TOKEN, complete, documentWith, resolve, token } from "./helpers/instance.ts";

afterEach(() => forgetSecrets());

describe("missing and invalid values are reported with their flag and environment variable", () => {
  it("reports a missing entry in the contract's words", () => {
    const result = resolve({ document: documentWith({ [TOKEN]: token("1"), [SENDER]: "+15005550006" }) });
    expect(result.problems).toEqual([
      {
        key: ACCOUNT,
        problem: "missing",
        flag: "--account-sid",
        env: "TWILIO_ACCOUNT_SID",
        message: "Missing messaging.sms.twilio.account (Account SID): pass --account-sid or set TWILIO_ACCOUNT_SID.",
      },
    ]);
  });

  it("reports an invalid entry with what was expected", () => {
    const result = resolve({ document: documentWith({ ...complete, [ACCOUNT]: "AC123" }) });
    expect(result.problems[0]?.message).toMatch(/^Invalid messaging\.sms\.twilio\.account \(Account SID\): expected AC followed by 32 hexadecimal characters.*got "AC123" from the file\.$/);
  });

  it("requires a name, naming --name", () => {
    const result = resolve({ document: { configuration: complete } });
    expect(result.problems).toEqual([{ key: "name", problem: "missing", flag: "--name", message: 'Missing name: pass --name or add "name" to the file.' }]);
    expect(result.promptable).toEqual([{ key: "name", label: "name", secret: false, prompt: "Instance name" }]);
  });

  it("reports every problem at once, and offers every missing required value to a prompt", () => {
    const result = resolve({
      document: { element: { key: "twilio" }, configuration: { [TOKEN]: "short", [CALLBACK]: "ftp://x", [PROTOCOL]: "MMS" }, tags: [" "], templates: [{ usageType: "Signin", content: "x" }] },
      config: ["novalue"],
    });
    expect(result.problems.map((p) => `${p.key}:${p.problem}`)).toEqual([
      "config:invalid",
      "name:missing",
      `${ACCOUNT}:missing`,
      `${TOKEN}:invalid`,
      `${SENDER}:missing`,
      `${PROTOCOL}:invalid`,
      `${CALLBACK}:invalid`,
      "tags[0]:invalid",
      "templates[0].usageType:invalid",
      "templates[0].content:invalid",
    ]);
    expect(result.promptable.map((p) => p.key)).toEqual(["name", ACCOUNT, SENDER]);
  });

  it.each([["novalue"], ["=value"], [" =value"]])("refuses the malformed --config %j, naming --config", (arg) => {
    const result = resolve({ document: documentWith(complete), config: [arg] });
    expect(result.problems).toEqual([expect.objectContaining({ key: "config", problem: "invalid", flag: "--config" })]);
  });

  it("refuses an unknown element, listing the known ones", () => {
    const result = resolve({ document: documentWith(complete, { element: { key: "twillio" } }) });
    expect(result.problems).toEqual([expect.objectContaining({ key: "element.key", problem: "invalid" })]);
    expect(result.problems[0]?.message).toContain("Known elements: twilio");
    expect(result.problems[0]?.message).toContain("Did you mean twilio?");
  });
});

describe("an entry the element does not know is a warning, and is sent as given", () => {
  it("warns about unknown --config and file entries, suggests a near key, and sends them", () => {
    const result = resolve({
      document: documentWith({ ...complete, "messaging.sms.twilio.acount": "x", "custom.from.file": "${V}" }),
      config: ["custom.flag=1"],
      env: { V: "v" },
    });
    expect(result.problems).toEqual([]);
    expect(result.body.configuration).toMatchObject({ "messaging.sms.twilio.acount": "x", "custom.from.file": "v", "custom.flag": "1" });
    expect(result.warnings).toEqual([
      "Unknown entry messaging.sms.twilio.acount for element twilio: sent as given (did you mean messaging.sms.twilio.account?)",
      "Unknown entry custom.from.file for element twilio: sent as given",
      "Unknown entry custom.flag for element twilio: sent as given",
    ]);
  });

  it("warns about unknown top-level fields of the file", () => {
    const result = resolve({ document: { ...documentWith(complete), ignoredFields: ["configuraton"] } });
    expect(result.warnings).toEqual(['Unknown field "configuraton" in the file: ignored.']);
  });
});

describe("the body is exactly what is POSTed", () => {
  it("holds element, name, tags and configuration only, entries in definition order, sender exposed", () => {
    const example = parseInstanceDocument(fs.readFileSync(new URL("../instance.example.json", import.meta.url), "utf8"), "instance.example.json");
    const result = resolve({ document: example });
    expect(result.problems).toEqual([]);
    expect(result.warnings).toEqual([]);
    expect(Object.keys(result.body)).toEqual(["element", "name", "tags", "configuration"]);
    expect(result.body).toEqual({
      element: { key: "twilio" },
      name: "acme-sms",
      tags: ["demo"],
      configuration: {
        [ACCOUNT]: "AC0123456789abcdef0123456789abcdef",
        [TOKEN]: "5f4dcc3b5aa765d61d8327deb882cf99",
        [SENDER]: "+15005550006",
        [PROTOCOL]: "sms",
        [CALLBACK]: "https://example.com/sms/status",
      },
    });
    expect(result.sender).toBe("+15005550006");
    expect(result.templates.map((t) => t.usageType)).toEqual(["SignIn", "Register", "Generic"]);
  });
});

describe("a secret value never appears in a problem message, and is registered for redaction", () => {
  const secrets = ["0123456789abcdef0123456789abcdeX", "my-super-secret-token", "   spaced secret value   "];

  it.each(secrets)("keeps the Auth Token %j out of every message, from every layer", (secret) => {
    const fromEach: Partial<InstanceSources>[] = [
      { entryFlags: { [TOKEN]: secret } },
      { config: [`${TOKEN}=${secret}`] },
      { env: { TWILIO_AUTH_TOKEN: secret } },
      { document: documentWith({ [TOKEN]: secret }) },
      { document: documentWith({ [TOKEN]: "${T}" }), env: { T: secret } },
      { document: documentWith({}), answers: { [TOKEN]: secret } },
    ];
    for (const sources of fromEach) {
      forgetSecrets();
      const result = resolve({ document: documentWith({}), ...sources });
      const text = JSON.stringify([result.problems, result.warnings]);
      expect(result.problems.some((p) => p.key === TOKEN && p.problem === "invalid")).toBe(true);
      expect(text).not.toContain(secret.trim());
      expect(redact(`value: ${secret.trim()}`)).toBe("value: ********");
    }
  });

  it("registers a secret given by a lower layer too", () => {
    resolve({ document: documentWith(complete), entryFlags: { [TOKEN]: token("7") }, env: { TWILIO_AUTH_TOKEN: token("8") } });
    expect(redact(token("8"))).toBe("********");
  });

  it("does not register the ${NAME} text of a file reference as a secret", () => {
    const result = resolve({ document: documentWith({ ...complete, [TOKEN]: "${TWILIO_AUTH_TOKEN}" }) });
    expect(redact(result.problems[0]?.message ?? "")).toContain("${TWILIO_AUTH_TOKEN}");
  });

  it("registers values of unknown entries whose key looks secret", () => {
    resolve({ document: documentWith({ ...complete, "custom.apiKey": "abcdefghijkl" }) });
    expect(redact("abcdefghijkl")).toBe("********");
  });
});
