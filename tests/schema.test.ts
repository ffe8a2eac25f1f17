// The JSON Schema of instance.json: generated from the element definitions, committed as
// schema/instance.schema.json, and what editors validate instance.example.json against.
import { readFileSync } from "node:fs";
import { Ajv } from "ajv";
import { describe, expect, it } from "vitest";
import { renderInstanceSchema } from "../src/schema/instance-schema.ts";
import { jsonOf, runInProcess } from "./helpers/run.ts";

const read = (path: string) => readFileSync(new URL(`../${path}`, import.meta.url), "utf8");
const committed = () => read("schema/instance.schema.json");
const example = () => JSON.parse(read("instance.example.json")) as Record<string, unknown>;
const validator = () => new Ajv({ allErrors: true, strict: false }).compile(JSON.parse(committed()) as object);

describe("connector schema", () => {
  it("the committed schema/instance.schema.json is exactly what the generator writes (refresh it with: npm run schema)", () => {
    expect(committed()).toBe(renderInstanceSchema());
  });

  it("prints the same schema on stdout, and as the schema field with --json", async () => {
    const text = await runInProcess(["schema"], {});
    expect(text.code).toBe(0);
    expect(text.stdout).toBe(committed());
    const json = jsonOf(await runInProcess(["schema", "--element", "twilio", "--json"], {}));
    expect(json.ok).toBe(true);
    expect(json.schema.properties.element.properties.key.enum).toEqual(["twilio"]);
  });

  it("refuses an unknown element with exit 2", async () => {
    const result = await runInProcess(["schema", "--element", "twillio"], {});
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("Known elements");
  });

  it("instance.example.json points at the schema and validates against it", () => {
    const doc = example();
    expect(doc.$schema).toBe("./schema/instance.schema.json");
    const validate = validator();
    expect(validate(doc), JSON.stringify(validate.errors)).toBe(true);
  });

  it("flags what the CLI refuses: a wrong Account SID, an unknown usageType, a template without {{code}}, a typo'd field", () => {
    const validate = validator();
    const base = example();
    const configuration = base.configuration as Record<string, string>;
    const cases: Record<string, unknown>[] = [
      { ...base, configuration: { ...configuration, "messaging.sms.twilio.account": "AC123" } },
      { ...base, templates: [{ usageType: "Login", content: "{{code}}" }] },
      { ...base, templates: [{ usageType: "SignIn", content: "no placeholder" }] },
      { ...base, configuraton: {} },
      { ...base, configuration: { ...configuration, "messaging.sms.twilio.callback.url": "ftp://example.com" } },
    ];
    for (const doc of cases) expect(validate(doc), JSON.stringify(doc)).toBe(false);
  });

  it("accepts ${VARIABLE} references and every kind of sender, as the CLI does", () => {
    const validate = validator();
    const base = example();
    const configuration = base.configuration as Record<string, string>;
    for (const sender of ["+15005550006", "12345", "ACME Corp", "MG0123456789abcdef0123456789abcdef", "${TWILIO_SENDER}"]) {
      const doc = { ...base, configuration: { ...configuration, "messaging.sms.twilio.sender": sender, "messaging.sms.twilio.token": "${TWILIO_AUTH_TOKEN}" } };
      expect(validate(doc), `${sender}: ${JSON.stringify(validate.errors)}`).toBe(true);
    }
  });
});
