/**
 * A validation problem, shaped like a zod issue (zod and zod/mini both fit) without importing zod: the packages
 * that validate with zod pass their issues in, and this package stays free of dependencies.
 */
export interface IssueLike {
  readonly path: readonly PropertyKey[];
  readonly message?: string;
  readonly code?: string;
  /** `invalid_type`: the expected type (`"number"`). */
  readonly expected?: string;
  /** The value found, when the parse was asked to report it (zod: `{ reportInput: true }`). */
  readonly input?: unknown;
  /** `too_small` / `too_big`. */
  readonly minimum?: unknown;
  readonly maximum?: unknown;
  readonly origin?: string;
  /** `invalid_value`: the allowed values. */
  readonly values?: readonly unknown[];
  /** `unrecognized_keys`: the unknown keys. */
  readonly keys?: readonly string[];
}

/**
 * The one path style of every message: `optimization.complexity` + `["rules", 2, "points"]` →
 * `optimization.complexity.rules[2].points`.
 */
export function fieldPath(base: string, segments: readonly PropertyKey[] = []): string {
  let out = base;
  for (const segment of segments) {
    if (typeof segment === "number") out += `[${segment}]`;
    else {
      const key = typeof segment === "symbol" ? (segment.description ?? "") : segment;
      out += out.length === 0 ? key : `.${key}`;
    }
  }
  return out;
}

// zod/mini ships no locale ("Invalid input"); full zod, once loaded in the process, gives zod/mini its English
// messages too ("Invalid input: expected int, received number", "Too small: …"). Either is replaced by one made
// from the issue's code, so a message does not depend on what else the process loaded; a schema's own message
// ("expected a positive number") is kept.
const ZOD_DEFAULT = /^(Invalid (input|option|key|element|type)|Too (small|big)|Unrecognized keys?)\b/;

/** How a value is shown after "got": short, and typed enough to tell `"true"` from `true`. */
export function describeValue(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "object") return "an object";
  if (typeof value === "string") return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  return String(value);
}

const show = describeValue;

/** What was wrong, in words: the issue's own message when it has one, else one made from its code. */
function describe(issue: IssueLike): string {
  const message = issue.message ?? "";
  if (message !== "" && !ZOD_DEFAULT.test(message)) return message;
  switch (issue.code) {
    case "invalid_type":
      return `expected ${issue.expected === "int" ? "a whole number" : (issue.expected ?? "another type")}`;
    case "too_small":
      return issue.origin === "string"
        ? "expected a non-empty string"
        : `expected at least ${String(issue.minimum)}`;
    case "too_big":
      return `expected at most ${String(issue.maximum)}`;
    case "invalid_value":
      return `expected one of ${(issue.values ?? []).map(show).join(", ")}`;
    case "unrecognized_keys":
      return `unknown key${(issue.keys ?? []).length === 1 ? "" : "s"} ${(issue.keys ?? []).map(show).join(", ")}`;
    default:
      return issue.code ? issue.code.replace(/_/g, " ") : "invalid";
  }
}

/**
 * One line for one issue: `optimization.cost.monthly_budget_usd: expected a positive number, got "abc"`. The
 * value found is shown when the issue carries it and the message does not already say it.
 */
export function formatIssue(issue: IssueLike, basePath = ""): string {
  const what = describe(issue);
  const where = fieldPath(basePath, issue.path);
  const got =
    "input" in issue && issue.input !== undefined && !/\bgot\b/.test(what)
      ? `, got ${show(issue.input)}`
      : "";
  return `${where || "(root)"}: ${what}${got}`;
}

/** One problem with the value found: `optimization.cost.enabled: expected true or false, got "yes"`. */
export function problemLine(path: string, expected: string, got: unknown): string {
  return `${path}: expected ${expected}, got ${describeValue(got)}`;
}

/** One line per issue, each naming the full path from `basePath`. */
export function formatIssues(issues: readonly IssueLike[], basePath = ""): string[] {
  return issues.map((issue) => formatIssue(issue, basePath));
}
