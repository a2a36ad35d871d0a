import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "vitest";
import { cacheBackendSuite } from "../test/cache-suite.js";
import { createSqliteBackend } from "./sqlite-backend.js";

describe("SQLite backend (agent cache suite)", () =>
  cacheBackendSuite(it, async () =>
    createSqliteBackend({ path: join(mkdtempSync(join(tmpdir(), "vx-cache-")), "cache.db") }),
  ));
