import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    globalSetup: ["test/pg-setup.ts"],
    testTimeout: 180_000,
    // The suites share one server; each makes its own database, but a loaded CI machine need not run them at once.
    fileParallelism: false,
  },
});
