import { describe, expect, it } from "vitest";
import { stem, tokenize, tokenizePath } from "./tokenize.js";

const terms = (text: string) => tokenize(text).map((t) => t.term);

describe("tokenize", () => {
  it("lowercases and splits on non-alphanumerics and camelCase humps", () => {
    expect(tokenize("Fix refundWebhook in OAuthClient/XMLParser")).toEqual([
      { term: "fix", word: "fix" },
      { term: "refund", word: "refund" },
      { term: "webhook", word: "webhook" },
      // OAuth splits like XMLParser does, O|Auth, and the lone "o" is dropped: OAuth tasks meet auth tasks.
      { term: "auth", word: "auth" },
      { term: "client", word: "client" },
      { term: "xml", word: "xml" },
      { term: "parser", word: "parser" },
    ]);
  });

  it("drops stop words, one-character words and words that are only digits, keeping letters with digits", () => {
    expect(terms("Add the OAuth2 login to a v2 API in 2024, s3 and x")).toEqual([
      "add",
      "auth2",
      "login",
      "v2",
      "api",
      "s3",
    ]);
  });

  it("drops the path parts every project has", () => {
    expect(tokenizePath("src/payments/index.ts").map((t) => t.term)).toEqual(["payment"]);
    expect(tokenizePath("db/migrations/20240101_create_orders.sql").map((t) => t.term)).toEqual([
      "db",
      "migration",
      "creat",
      "order",
      "sql",
    ]);
  });

  it("keeps unicode letters", () => {
    expect(terms("Übersetzung für café")).toEqual(["übersetzung", "für", "café"]);
  });
});

describe("stem", () => {
  it.each([
    ["payments", "payment"],
    ["payment", "payment"],
    ["policies", "policy"],
    ["boxes", "box"],
    ["caches", "cach"],
    ["cache", "cach"],
    ["caching", "cach"],
    ["cached", "cach"],
    ["migrate", "migrat"],
    ["migrating", "migrat"],
    ["mapping", "map"],
    ["installing", "install"],
    ["invoices", "invoic"],
    ["invoice", "invoic"],
  ])("%s → %s", (word, expected) => {
    expect(stem(word)).toBe(expected);
  });

  it.each(["status", "analysis", "process", "docs", "seed", "bus", "ring", "page"])(
    "leaves short or non-plural endings alone enough: %s",
    (word) => {
      expect(stem(word)).toBe(word === "docs" ? "doc" : word);
    },
  );
});
