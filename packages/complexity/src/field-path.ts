import { fieldPath, formatIssue, type IssueLike } from "@vextrus/errors";

export { fieldPath };

function snakeCase(key: string): string {
  return key.replace(/([a-z0-9])([A-Z])/g, "$1_$2").toLowerCase();
}

/**
 * One line per problem, each naming the full path (the shared formatter's style). Unknown keys are errors, not
 * warnings, inside our own objects: a misspelt rule setting would otherwise silently score with the default; each
 * gets its own line with the key it most likely meant.
 */
export function issueLines(
  base: string,
  issues: readonly IssueLike[],
  knownKeys: (path: readonly PropertyKey[]) => readonly string[],
): string[] {
  const lines: string[] = [];
  for (const issue of issues) {
    if (issue.code === "unrecognized_keys") {
      const known = knownKeys(issue.path);
      for (const key of issue.keys ?? []) {
        const snake = snakeCase(key);
        const hint = known.includes(snake)
          ? `did you mean "${snake}"?`
          : `expected one of ${known.map((k) => `"${k}"`).join(", ")}`;
        lines.push(`${fieldPath(base, [...issue.path, key])}: unknown setting; ${hint}`);
      }
      continue;
    }
    lines.push(formatIssue(issue, base));
  }
  return lines;
}
