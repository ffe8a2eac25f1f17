// Secret fingerprints and the diff, in-process: a fingerprint tells equal from different only
// with its key, never shows the value, differs between two instances holding the same value,
// and reads as "unknown" (not "changed") under another key; the diff ignores the platform's
// name tag and sends every tag back, since PATCH replaces them whole.
import { describe, expect, it } from "vitest";
import { compareSecret, fingerprintKey, makeFingerprintTag, matchesFingerprint } from "../src/plan/fingerprint.ts";
import { diffInstance } from "../src/plan/diff.ts";
import { mapPositions } from "../src/instance/locate.ts";
import type { PlatformInstance } from "../src/api/platform.ts";
import { complete, resolve, documentWith, SENDER, TOKEN, token } from "./helpers/instance.ts";

const credentials = { userSecret: "user-secret-1", orgSecret: "org-secret-1" };
const key = fingerprintKey({}, credentials);
const VALUE = token("7");

describe("secret fingerprints", () => {
  it("the same value is unchanged, another value is changed", () => {
    const tag = makeFingerprintTag(key, TOKEN, VALUE);
    expect(compareSecret(key, TOKEN, [tag], VALUE).comparison).toBe("unchanged");
    expect(compareSecret(key, TOKEN, [tag], token("8")).comparison).toBe("changed");
    expect(matchesFingerprint(key, "messaging.sms.twilio.account", tag, VALUE)).toBe(false);
  });

  it("a tag holds no part of the value and two tags of one value differ (a fresh salt each)", () => {
    const a = makeFingerprintTag(key, TOKEN, VALUE);
    const b = makeFingerprintTag(key, TOKEN, VALUE);
    expect(a).not.toBe(b);
    for (const tag of [a, b]) {
      expect(tag).toMatch(/^connector-fp:v1:[0-9a-f]{8}:[0-9a-f]{8}:[0-9a-f]{12}:[0-9a-f]{24}$/);
      expect(tag).not.toContain(VALUE.slice(0, 8));
    }
  });

  it("without the key a tag cannot test a guess: the right value under the tag's key id but other key material does not match", () => {
    const tag = makeFingerprintTag(key, TOKEN, VALUE);
    const impostor = { id: key.id, secret: fingerprintKey({ CONNECTOR_FINGERPRINT_KEY: "a guessed key" }, credentials).secret };
    expect(matchesFingerprint(impostor, TOKEN, tag, VALUE)).toBe(false);
    expect(compareSecret(impostor, TOKEN, [tag], VALUE).comparison).toBe("changed");
    expect(matchesFingerprint(key, TOKEN, tag, VALUE)).toBe(true);
  });

  it("another key (other platform secrets, or CONNECTOR_FINGERPRINT_KEY) makes the tag unknown, never changed", () => {
    const tag = makeFingerprintTag(key, TOKEN, VALUE);
    const rotated = fingerprintKey({}, { ...credentials, userSecret: "user-secret-2" });
    const explicit = fingerprintKey({ CONNECTOR_FINGERPRINT_KEY: "shared-key" }, credentials);
    expect(rotated.id).not.toBe(key.id);
    expect(explicit.id).not.toBe(key.id);
    expect(fingerprintKey({ CONNECTOR_FINGERPRINT_KEY: "shared-key" }, { userSecret: "x", orgSecret: "y" }).id).toBe(explicit.id);
    expect(compareSecret(rotated, TOKEN, [tag], VALUE).comparison).toBe("unknown");
    expect(compareSecret(rotated, TOKEN, [tag], token("8")).comparison).toBe("unknown");
  });
});

describe("the diff", () => {
  const desired = resolve({ document: documentWith(complete, { tags: ["team"] }) });
  const platform = (extra: Partial<PlatformInstance> = {}): PlatformInstance => ({
    id: 7,
    name: "acme-sms",
    element: { key: "twilio" },
    tags: ["team", "acme-sms"],
    operationId: "op-1",
    fingerprints: [makeFingerprintTag(key, TOKEN, complete[TOKEN])],
    configuration: { ...complete, [TOKEN]: "********", "messaging.sms.twilio.protocol": "sms" },
    ...extra,
  });

  it("an instance that matches has no change, the platform's name tag notwithstanding", () => {
    expect(desired.problems).toEqual([]);
    const diff = diffInstance(desired, platform(), key, false);
    expect(diff).toMatchObject({ changed: false, fields: [] });
  });

  it("a changed sender is one field; the PATCH sends every tag back and only that entry", () => {
    const current = platform();
    const diff = diffInstance(desired, { ...current, configuration: { ...current.configuration, [SENDER]: "+15005550009" } }, key, false);
    expect(diff.fields).toEqual([{ key: SENDER, from: "+15005550009", to: complete[SENDER] }]);
    expect(diff.patch.configuration).toEqual({ [SENDER]: complete[SENDER] });
    expect(diff.patch.tags).toEqual(["team", "acme-sms", ...(current.fingerprints ?? [])]);
  });

  it("a tag the user removed is a change; a secret without a fingerprint is unknown and left alone", () => {
    const diff = diffInstance(desired, platform({ tags: ["team", "old", "acme-sms"], fingerprints: [] }), key, false);
    expect(diff.fields).toEqual([
      { key: "tags", from: ["old", "team"], to: ["team"] },
      { key: TOKEN, secret: true, comparison: "unknown" },
    ]);
    expect(diff.patch.configuration).toEqual({});
    const replaced = diffInstance(desired, platform({ fingerprints: [] }), key, true);
    expect(replaced.patch.configuration).toEqual({ [TOKEN]: complete[TOKEN] });
    expect(replaced.patch.tags.filter((tag) => tag.startsWith("connector-fp:"))).toHaveLength(1);
  });
});

describe("positions in a file", () => {
  it("finds each property's line and column, under configuration and in arrays", () => {
    const text = '{\n  "name": "a",\n  "tags": ["x", "y"],\n  "configuration": {\n    "k.one": "1",\n    "k\\"two": "2"\n  }\n}\n';
    const positions = mapPositions(text);
    expect(positions.get("name")).toEqual({ line: 2, column: 3 });
    expect(positions.get("tags\u00001")).toEqual({ line: 3, column: 17 });
    expect(positions.get("configuration\u0000k.one")).toEqual({ line: 5, column: 5 });
    expect(positions.get('configuration\u0000k"two')).toEqual({ line: 6, column: 5 });
  });
});
