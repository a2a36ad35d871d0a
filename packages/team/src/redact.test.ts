import { describe, expect, it } from "vitest";
import { displayUrl, redactUrls } from "./redact.js";
import { ledgerUrlProblem } from "./url.js";

describe("passwords never printed", () => {
  it("redacts a password in a URL and in any text", () => {
    expect(displayUrl("postgres://ana:s3cret@db:5432/v?password=x")).toBe("postgres://ana:***@db:5432/v");
    expect(redactUrls("failed: postgresql://ana:s3cret@db/v refused")).toBe(
      "failed: postgresql://ana:***@db/v refused",
    );
  });

  it("refuses a password in settings (they live in the repository), allows it from the environment", () => {
    expect(ledgerUrlProblem("postgres://ana:s3cret@db/v", "settings")).toMatch(
      /holds a password.*PGPASSWORD/,
    );
    expect(ledgerUrlProblem("postgres://ana@db/v?password=x", "settings")).toMatch(/holds a password/);
    expect(ledgerUrlProblem("postgres://ana:s3cret@db/v", "environment")).toBeUndefined();
    expect(ledgerUrlProblem("mysql://ana@db/v", "environment")).toMatch(/postgres:\/\//);
  });
});
