import { describe, expect, it } from "vitest";
import { classifyChange, classifyPath, matchPathWords, pathWords } from "./paths.js";
import { HIGH_RISK_PATH_WORDS } from "./rules.js";

const words = (path: string) => matchPathWords([path], HIGH_RISK_PATH_WORDS).map((match) => match.word);

describe("pathWords", () => {
  it("splits on / . _ - and spaces, camelCase, PascalCase, acronyms and digits", () => {
    expect(pathWords("src/PaymentService.ts")).toEqual(["src", "payment", "service", "ts"]);
    expect(pathWords("lib/auth_token-store.js")).toEqual(["lib", "auth", "token", "store", "js"]);
    expect(pathWords("HTTPAuthHandler.go")).toEqual(["http", "auth", "handler", "go"]);
    expect(pathWords("db/migrations/0042_add-index.sql")).toEqual([
      "db",
      "migrations",
      "0042",
      "add",
      "index",
      "sql",
    ]);
    expect(pathWords("src/with space/oauth2Client.ts")).toEqual([
      "src",
      "with",
      "space",
      "oauth",
      "2",
      "client",
      "ts",
    ]);
  });
});

describe("matchPathWords", () => {
  it("matches whole words only: author.ts is not auth", () => {
    expect(words("src/author.ts")).toEqual([]);
    expect(words("src/authorService.ts")).toEqual([]);
    expect(words("src/securityish/x.ts")).toEqual([]);
    expect(words("src/repayment.ts")).toEqual([]);
    expect(words("src/auth.ts")).toEqual(["auth"]);
    expect(words("src/AuthService.ts")).toEqual(["auth"]);
    expect(words("src/user-auth/index.ts")).toEqual(["auth"]);
  });

  it("matches plurals and, for auth, its long forms", () => {
    expect(words("lib/payments/charge.ts")).toEqual(["payment"]);
    expect(words("db/migrations/001.sql")).toEqual(["migration"]);
    expect(words("src/Transactions.java")).toEqual(["transaction"]);
    expect(words("src/finances.py")).toEqual(["finance"]);
    expect(words("src/authentication/login.ts")).toEqual(["auth"]);
    expect(words("src/OAuthCallback.ts")).toEqual(["auth"]);
    expect(matchPathWords(["src/policies.ts"], ["policy"])).toEqual([
      { word: "policy", path: "src/policies.ts" },
    ]);
  });

  it("reports each word once, with the first path holding it, in the words' order", () => {
    expect(
      matchPathWords(
        ["src/payments/a.ts", "src/auth/b.ts", "src/payment/c.ts"],
        ["auth", "payment", "Payment"],
      ),
    ).toEqual([
      { word: "auth", path: "src/auth/b.ts" },
      { word: "Payment", path: "src/payments/a.ts" },
    ]);
  });
});

describe("classifyPath", () => {
  it("recognises test files by the documented patterns", () => {
    for (const path of [
      "src/a.test.ts",
      "src/a.spec.jsx",
      "src/__tests__/a.ts",
      "test/helpers.ts",
      "packages/x/tests/fixtures/data.json",
      "src/test/java/OrderTest.java",
      "pkg/store_test.go",
      "app/test_views.py",
      "app/views_test.py",
      "test/fixtures/expected.txt",
    ]) {
      expect(classifyPath(path), path).toBe("tests");
    }
  });

  it("recognises docs by extension and prose names, but not build .txt files", () => {
    for (const path of [
      "README.md",
      "docs/guide.mdx",
      "notes.txt",
      "docs/api.rst",
      "LICENSE",
      "CHANGELOG.md",
    ]) {
      expect(classifyPath(path), path).toBe("docs");
    }
    for (const path of [
      "requirements.txt",
      "requirements-dev.txt",
      "CMakeLists.txt",
      "src/index.ts",
      "package.json",
      "latest/x.ts",
      "contest/a.py",
      "src/testing.ts",
    ]) {
      expect(classifyPath(path), path).toBe("source");
    }
  });

  it("classifies a rename by the riskier of its two paths", () => {
    expect(classifyChange("docs/old-code.md", "src/code.ts")).toBe("source");
    expect(classifyChange("test/a.test.ts", "docs/a.md")).toBe("tests");
    expect(classifyChange("README.md")).toBe("docs");
  });
});
