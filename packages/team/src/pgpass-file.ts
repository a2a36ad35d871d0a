import { readFileSync, statSync } from "node:fs";
import { join } from "node:path";

/**
 * The text of `$PGPASSFILE` or `~/.pgpass`, when there is one. As libpq, a file others may read is ignored, with a
 * warning for the caller to show (docs/postgresql.md).
 */
export function readPgpassFile(
  env: Record<string, string | undefined>,
  home: string,
): { text?: string; warning?: string } {
  const path = env.PGPASSFILE || join(home, ".pgpass");
  try {
    if ((statSync(path).mode & 0o077) !== 0)
      return { warning: `${path} may be read by others, so it is ignored (as libpq does); chmod 600 it` };
    return { text: readFileSync(path, "utf8") };
  } catch {
    return {};
  }
}
