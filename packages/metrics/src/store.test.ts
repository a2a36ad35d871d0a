import { describe, it } from "vitest";
import { metricsStoreSuite } from "../test/store-suite.js";
import { createMemoryMetricsStore } from "./store.js";

describe("memory metrics store", () => {
  metricsStoreSuite(it, createMemoryMetricsStore);
});
