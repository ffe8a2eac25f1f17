// Building the body (the contract's "instance.json" and "Precedence for every value"): flag,
// then --config, then environment, then the file with ${NAME} expanded, then the element's
// default, then a prompt answer.
import { afterEach, describe, expect, it } from "vitest";
import type { InstanceSources } from "../src/instance/resolve.ts";
import { forgetSecrets } from "../src/secrets.ts";
import { ACCOUNT, CALLBACK, PROTOCOL, SENDER, TOKEN, complete, documentWith, resolve, sid, token } from "./helpers/instance.ts";

afterEach(() => forgetSecrets());

describe("precedence for every value: flag, environment, file, default, prompt", () => {
  const layers = {
    flag: (v: string): Partial<InstanceSources> => ({ entryFlags: { [ACCOUNT]: v } }),
    config: (v: string): Partial<InstanceSources> => ({ config: [`${ACCOUNT}=${v}`] }),
    env: (v: string): Partial<InstanceSources> => ({ env: { TWILIO_ACCOUNT_SID: v } }),
    file: (v: string): Partial<InstanceSources> => ({ document: documentWith({ ...complete, [ACCOUNT]: v }) }),
    answer: (v: string): Partial<InstanceSources> => ({ answers: { [ACCOUNT]: v } }),
  };
  const order = ["flag", "config", "env", "file", "answer"] as const;

  it.each(order.flatMap((higher, i) => order.slice(i + 1).map((lower) => [higher, lower] as const)))("%s wins over %s", (higher, lower) => {
    const base: Partial<InstanceSources> = { document: documentWith({ [TOKEN]: token("1"), [SENDER]: "+15005550006" }) };
    const low = layers[lower](sid("2"));
    const high = layers[higher](sid("3"));
    const document = high.document ?? low.document ?? base.document;
    const result = resolve({ ...base, ...low, ...high, document, env: { ...low.env, ...high.env } });
    expect(result.body.configuration[ACCOUNT]).toBe(sid("3"));
    expect(result.problems).toEqual([]);
  });

  it("uses the element's default (protocol sms) when no layer gives a value, before a prompt answer", () => {
    const result = resolve({ document: documentWith(complete), answers: { [PROTOCOL]: "mms" } });
    expect(result.body.configuration[PROTOCOL]).toBe("sms");
  });

  it("lets a file value win over the default", () => {
    const result = resolve({ document: documentWith({ ...complete, [PROTOCOL]: "mms" }) });
    expect(result.body.configuration[PROTOCOL]).toBe("mms");
    expect(result.problems.map((p) => p.key)).toEqual([PROTOCOL]);
  });

  it("uses a prompt answer when nothing else gives a value", () => {
    const result = resolve({ document: documentWith({ [ACCOUNT]: sid("1"), [SENDER]: "+15005550006" }), answers: { [TOKEN]: token("4") } });
    expect(result.body.configuration[TOKEN]).toBe(token("4"));
    expect(result.problems).toEqual([]);
  });

  it("keeps a higher layer's invalid value rather than falling back to a valid lower one", () => {
    const result = resolve({ document: documentWith(complete), entryFlags: { [SENDER]: "nope!" } });
    expect(result.body.configuration[SENDER]).toBe("nope!");
    expect(result.problems).toEqual([expect.objectContaining({ key: SENDER, problem: "invalid", flag: "--sender", env: "TWILIO_SENDER" })]);
    expect(result.problems[0]?.message).toContain('got "nope!" from --sender');
  });

  it("trims values and treats an empty one as not given", () => {
    const result = resolve({ document: documentWith(complete), entryFlags: { [SENDER]: "   " }, env: { TWILIO_ACCOUNT_SID: ` ${sid("5")}\n` } });
    expect(result.body.configuration[SENDER]).toBe("+15005550006");
    expect(result.body.configuration[ACCOUNT]).toBe(sid("5"));
  });

  it("lets the last --config of a key win", () => {
    const result = resolve({ document: documentWith(complete), config: [`${SENDER}=+15005550001`, `${SENDER}=Acme`] });
    expect(result.body.configuration[SENDER]).toBe("Acme");
  });

  it("keeps everything after the first = of a --config value", () => {
    const result = resolve({ document: documentWith(complete), config: [`${CALLBACK}=https://example.com/cb?a=b&c=d`] });
    expect(result.body.configuration[CALLBACK]).toBe("https://example.com/cb?a=b&c=d");
  });

  it("takes name and tags from flags before the file, and dedupes tags", () => {
    const fromFile = resolve({ document: documentWith(complete, { tags: ["prod", "prod", " eu "] }) });
    expect(fromFile.body).toMatchObject({ name: "acme-sms", tags: ["prod", "eu"] });
    const fromFlags = resolve({ document: documentWith(complete, { tags: ["prod"] }), name: "other", tags: ["ci"] });
    expect(fromFlags.body).toMatchObject({ name: "other", tags: ["ci"] });
  });

  it("takes the element key from the flag, then the file, else twilio", () => {
    expect(resolve({ document: { name: "n", configuration: complete } }).body.element).toEqual({ key: "twilio" });
    expect(resolve({ document: documentWith(complete, { element: { key: "nope" } }) }).body.element).toEqual({ key: "nope" });
    expect(resolve({ document: documentWith(complete, { element: { key: "nope" } }), elementKey: "twilio" }).problems).toEqual([]);
  });
});

describe("${NAME} in the file names an environment variable", () => {
  it("expands a whole value and an embedded one", () => {
    const result = resolve({
      document: documentWith({ ...complete, [ACCOUNT]: "${SID}", [CALLBACK]: "https://${HOST}/sms/${HOST}" }, { name: "acme-${STAGE}", tags: ["${STAGE}"] }),
      env: { SID: sid("6"), HOST: "example.com", STAGE: "prod" },
    });
    expect(result.body).toMatchObject({ name: "acme-prod", tags: ["prod"] });
    expect(result.body.configuration[ACCOUNT]).toBe(sid("6"));
    expect(result.body.configuration[CALLBACK]).toBe("https://example.com/sms/example.com");
  });

  it.each([
    ["unset", {}],
    ["empty", { TWILIO_AUTH_TOKEN: "" }],
  ])("makes the entry missing, naming the variable, when it is %s", (_, env) => {
    const result = resolve({ document: documentWith({ ...complete, [TOKEN]: "${TWILIO_AUTH_TOKEN}" }), env });
    expect(result.body.configuration).not.toHaveProperty(TOKEN);
    expect(result.problems).toEqual([
      {
        key: TOKEN,
        problem: "missing",
        flag: "--auth-token",
        env: "TWILIO_AUTH_TOKEN",
        message: "Missing messaging.sms.twilio.token (Auth Token): the file refers to ${TWILIO_AUTH_TOKEN}, which is not set. Set it, or pass --auth-token.",
      },
    ]);
    expect(result.promptable).toEqual([expect.objectContaining({ key: TOKEN, secret: true })]);
  });

  it("names every unset variable of an embedded value, and never sends it half-expanded", () => {
    const result = resolve({ document: documentWith({ ...complete, [SENDER]: "${A}${B}${A}" }), env: { B: "1" } });
    expect(result.body.configuration).not.toHaveProperty(SENDER);
    expect(result.problems[0]?.message).toContain("refers to ${A}, which is not set");
    const two = resolve({ document: documentWith({ ...complete, [SENDER]: "${A} ${B}" }) });
    expect(two.problems[0]?.message).toContain("refers to ${A} and ${B}, which are not set. Set them, or pass --sender.");
  });

  it("leaves out an optional entry whose variable is unset, with a warning", () => {
    const result = resolve({ document: documentWith({ ...complete, [CALLBACK]: "${CB}" }) });
    expect(result.problems).toEqual([]);
    expect(result.body.configuration).not.toHaveProperty(CALLBACK);
    expect(result.warnings).toEqual([expect.stringContaining("${CB}")]);
  });

  it("does not expand flags or environment values", () => {
    const result = resolve({ document: documentWith(complete), entryFlags: { [SENDER]: "${X}" }, env: { X: "+15005550006" } });
    expect(result.body.configuration[SENDER]).toBe("${X}");
  });

  it("reports a missing name that refers to an unset variable", () => {
    const result = resolve({ document: documentWith(complete, { name: "${APP}" }) });
    expect(result.problems).toEqual([expect.objectContaining({ key: "name", problem: "missing", flag: "--name" })]);
    expect(result.problems[0]?.message).toBe("Missing name: the file refers to ${APP}, which is not set. Set it, or pass --name.");
  });
});
