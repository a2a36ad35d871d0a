// vitest globalSetup: the PostgreSQL server for the team ledger's tests. `scripts/test-postgres` starts a throwaway
// cluster and sets VEXTRUS_TEST_PG_URL (.ci/run always does). Without it the suites skip with a message, except in
// CI, where a missing server fails the run: the ledger's tests must not be skipped there.
import type { TestProject } from "vitest/node";

declare module "vitest" {
  export interface ProvidedContext {
    pgUrl: string | null;
  }
}

export function setup(project: TestProject): void {
  const url = process.env.VEXTRUS_TEST_PG_URL;
  if (!url && process.env.CI)
    throw new Error(
      "CI: no PostgreSQL (run the tests under scripts/test-postgres run …, which sets VEXTRUS_TEST_PG_URL)",
    );
  if (!url)
    console.warn(
      "@vextrus/team: VEXTRUS_TEST_PG_URL is not set, the PostgreSQL suites are skipped; run them with `bash scripts/test-postgres run pnpm --filter @vextrus/team test`",
    );
  project.provide("pgUrl", url ?? null);
}
