// The contract: "instance.json": templates hold {{code}}, have a known usageType, and `send
// --template` falls back to Generic; the CLI makes 6-digit codes.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { USAGE_TYPES, generateCode, pickTemplate, renderTemplate, validateTemplates } from "../src/instance/templates.ts";

describe("templates have a known usageType and contain {{code}}", () => {
  it.each([...USAGE_TYPES])("accepts usageType %s", (usageType) => {
    const result = validateTemplates([{ usageType, content: "Code: {{code}}" }]);
    expect(result.problems).toEqual([]);
    expect(result.templates).toEqual([{ usageType, content: "Code: {{code}}" }]);
  });

  it("lists exactly the ten usage types of the contract", () => {
    expect([...USAGE_TYPES].sort()).toEqual(
      ["Register", "SignIn", "ForgotPassword", "Generic", "Test", "OrganizationInvitation", "UserPermissionValidation", "BindNewIdentifier", "MfaVerification", "BindMfa"].sort(),
    );
  });

  it.each([
    ["Signin", "SignIn"],
    ["signin", "SignIn"],
    ["Regster", "Register"],
    ["ForgotPasword", "ForgotPassword"],
    ["MfaVerifcation", "MfaVerification"],
  ])("suggests the closest usage type for the typo %s", (typo, closest) => {
    const { problems, templates } = validateTemplates([{ usageType: typo, content: "{{code}}" }]);
    expect(templates).toEqual([]);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ key: "templates[0].usageType", problem: "invalid" });
    expect(problems[0]?.message).toContain(`did you mean ${closest}?`);
  });

  it("suggests nothing for a usage type that resembles none", () => {
    const { problems } = validateTemplates([{ usageType: "Completely different", content: "{{code}}" }]);
    expect(problems[0]?.message).not.toContain("did you mean");
    expect(problems[0]?.message).toContain("expected one of Register, SignIn");
  });

  it.each(["{{code}}", "{{ code }}", "Your code: {{  code}}.", "a {{code}} and again {{code}}"])("accepts content %j", (content) => {
    expect(validateTemplates([{ usageType: "Generic", content }]).problems).toEqual([]);
  });

  it.each(["Your code is", "{code}", "{{Code}}", "{{ c o d e }}", "", "{{codes}}"])("refuses content without {{code}}: %j", (content) => {
    const { problems } = validateTemplates([{ usageType: "Generic", content }]);
    expect(problems).toEqual([expect.objectContaining({ key: "templates[0].content", problem: "invalid" })]);
    expect(problems[0]?.message).toContain("{{code}}");
  });

  it("refuses a second template of the same usageType, naming the first", () => {
    const { problems, templates } = validateTemplates([
      { usageType: "SignIn", content: "a {{code}}" },
      { usageType: "Generic", content: "b {{code}}" },
      { usageType: "SignIn", content: "c {{code}}" },
    ]);
    expect(templates.map((t) => t.usageType)).toEqual(["SignIn", "Generic"]);
    expect(problems).toEqual([expect.objectContaining({ key: "templates[2].usageType", problem: "invalid" })]);
    expect(problems[0]?.message).toContain("templates[0]");
  });

  it("reports every broken template at once, including wrong types", () => {
    const { problems } = validateTemplates(["SignIn: {{code}}", { usageType: 3, content: ["{{code}}"] }, { usageType: "Sgnin", content: "no placeholder" }, null]);
    expect(problems.map((p) => p.key)).toEqual(["templates[0]", "templates[1].usageType", "templates[1].content", "templates[2].usageType", "templates[2].content", "templates[3]"]);
  });

  it("treats an absent templates section as no templates", () => {
    expect(validateTemplates(undefined)).toEqual({ templates: [], problems: [] });
  });
});

describe("send --template picks the usageType's template, else Generic, and fills {{code}}", () => {
  const templates = [
    { usageType: "SignIn", content: "Sign in with {{code}}" },
    { usageType: "Generic", content: "Your code is {{ code }}." },
  ];

  it("picks the exact usage type first", () => {
    expect(pickTemplate(templates, "SignIn")?.content).toBe("Sign in with {{code}}");
  });

  it("falls back to Generic for a usage type without a template", () => {
    expect(pickTemplate(templates, "Register")?.usageType).toBe("Generic");
  });

  it("finds nothing when neither the usage type nor Generic exists", () => {
    expect(pickTemplate([{ usageType: "SignIn", content: "{{code}}" }], "Register")).toBeUndefined();
  });

  it("replaces every placeholder, spaced or not, and nothing else", () => {
    expect(renderTemplate({ usageType: "Test", content: "{{code}} / {{ code }} / {code} / $&" }, "004217")).toBe("004217 / 004217 / {code} / $&");
  });

  it("inserts the code literally even when it holds replacement patterns", () => {
    expect(renderTemplate({ usageType: "Test", content: "[{{code}}]" }, "$&$1")).toBe("[$&$1]");
  });
});

describe("the CLI makes random 6-digit codes", () => {
  it("always makes exactly six digits, leading zeros kept", () => {
    for (let i = 0; i < 2000; i++) expect(generateCode()).toMatch(/^\d{6}$/);
  });

  it("makes different codes on different calls", () => {
    const codes = new Set(Array.from({ length: 200 }, () => generateCode()));
    expect(codes.size).toBeGreaterThan(150);
  });

  it("renders any generated code into any template, leaving the text around it intact", () => {
    const text = fc.string().filter((s) => !/[{}]/.test(s));
    fc.assert(
      fc.property(text, text, (before, after) => {
        const code = generateCode();
        return renderTemplate({ usageType: "Generic", content: `${before}{{code}}${after}` }, code) === `${before}${code}${after}`;
      }),
    );
  });
});
