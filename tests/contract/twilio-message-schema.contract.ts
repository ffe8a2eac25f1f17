// The JSON Schema of Twilio's message resource that the emulator's message answers are held
// against in `npm test` (tests/schemas/twilio-message.schema.json) is written from Twilio's
// OpenAPI description. Here it is held against that description itself, fetched as the preflight's
// contract test fetches it: a property Twilio adds, or one the schema invents, fails the run.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { twilioOpenApiFile } from "./twilio-openapi.ts";

interface JsonSchema {
  enum?: string[];
  $ref?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
}

const ours = JSON.parse(readFileSync(new URL("../schemas/twilio-message.schema.json", import.meta.url), "utf8")) as JsonSchema;

describe("the Twilio message schema against Twilio's OpenAPI description", () => {
  it("requires exactly the properties of api.v2010.account.message, with Twilio's statuses and directions", () => {
    const schemas = (JSON.parse(readFileSync(twilioOpenApiFile(), "utf8")) as { components: { schemas: Record<string, JsonSchema> } }).components.schemas;
    const theirs = schemas["api.v2010.account.message"]?.properties ?? {};
    expect(Object.keys(theirs).length).toBeGreaterThan(10);
    expect([...(ours.required ?? [])].sort()).toEqual(Object.keys(theirs).sort());
    expect(Object.keys(ours.properties ?? {}).sort()).toEqual(Object.keys(theirs).sort());
    for (const key of ["status", "direction"]) {
      const ref = theirs[key]?.$ref?.split("/").at(-1) ?? "";
      expect([...(ours.properties?.[key]?.enum ?? [])].sort(), key).toEqual([...(schemas[ref]?.enum ?? [])].sort());
    }
  });
});
