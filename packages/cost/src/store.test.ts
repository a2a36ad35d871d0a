import { describe, it } from "vitest";
import { usageStoreSuite } from "../test/store-suite.js";
import { createMemoryUsageStore } from "./store.js";

describe("memory usage store", () => usageStoreSuite(it, createMemoryUsageStore));
