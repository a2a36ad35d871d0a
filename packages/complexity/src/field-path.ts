import type * as z from "zod";

type Issue = z.ZodError["issues"][number];

/** `optimization.complexity` + `["rules", 2, "points"]` → `optimization.complexity.rules[2].points`. */
export function fieldPath(base: string, segments: readonly PropertyKey[]): string {
  let out = base;
  for (const segment of segments) out += typeof segment === "number" ? `[${segment}]` : `.${String(segment)}`;
  return out;
}

function snakeCase(key: string): string {
  return key.replace(/([a-z0-9])([A-Z])/g, "$1_$2").toLowerCase();
}

/**
 * One line per problem, each naming the full path. Unknown keys are errors, not warnings, inside our own objects:
 * a misspelt rule setting would otherwise silently score with the default.
 */
export function issueLines(
  base: string,
  issues: readonly Issue[],
  knownKeys: (path: readonly PropertyKey[]) => readonly string[],
): string[] {
  const lines: string[] = [];
  for (const issue of issues) {
    if (issue.code === "unrecognized_keys") {
      const known = knownKeys(issue.path);
      for (const key of issue.keys) {
        const snake = snakeCase(key);
        const hint = known.includes(snake)
          ? `did you mean "${snake}"?`
          : `expected one of ${known.map((k) => `"${k}"`).join(", ")}`;
        lines.push(`${fieldPath(base, [...issue.path, key])}: unknown setting; ${hint}`);
      }
      continue;
    }
    lines.push(`${fieldPath(base, issue.path)}: ${issue.message}`);
  }
  return lines;
}
