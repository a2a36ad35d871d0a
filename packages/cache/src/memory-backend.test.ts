import { describe, it } from "vitest";
import { cacheBackendSuite } from "../test/cache-suite.js";
import { createMemoryBackend } from "./memory-backend.js";

describe("memory backend", () => cacheBackendSuite(it, async () => createMemoryBackend()));
