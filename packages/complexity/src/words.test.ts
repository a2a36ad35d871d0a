import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compileKeyword, findKeyword, type KeywordMatch, searchable } from "./words.js";

function find(text: string, keyword: string, mode: KeywordMatch = "word"): string | undefined {
  return findKeyword(searchable(text), compileKeyword(keyword), mode);
}

describe("findKeyword, word mode", () => {
  it.each([
    "src/auth/login.ts",
    "user-auth.ts",
    "authService.ts",
    "AUTH_CONFIG.json",
    "lib/Auth.ts",
    "auth",
    "packages\\auth\\index.ts",
    "AUTHService.ts",
    "auth2.ts",
  ])("finds auth in %s", (path) => {
    expect(find(path, "auth")?.toLowerCase()).toBe("auth");
  });

  it.each(["author.ts", "oauth.ts", "authorize.ts", "reauth.ts", "src/authors/list.ts", "Authority.ts"])(
    "does not find auth in %s",
    (path) => {
      expect(find(path, "auth")).toBeUndefined();
    },
  );

  it("splits camelCase humps and acronyms, so the Auth of OAuthClient is a word of its own", () => {
    expect(find("OAuthClient.ts", "auth")).toBe("Auth");
    expect(find("XMLParser.ts", "parser")).toBe("Parser");
    expect(find("XMLParser.ts", "xml")).toBe("XML");
  });

  it("lets a keyword span camelCase humps, so graphql finds GraphQLSchema", () => {
    expect(find("src/GraphQLSchema.ts", "graphql")).toBe("GraphQL");
    expect(find("src/graphqlSchema.ts", "GraphQL")).toBe("graphql");
  });

  it("treats plurals as different words: list both inflections in a rule", () => {
    expect(find("db/migrations/001.sql", "migration")).toBeUndefined();
    expect(find("db/migrations/001.sql", "migrations")).toBe("migrations");
    expect(find("PaymentsService.ts", "payment")).toBeUndefined();
  });

  it("ignores case", () => {
    expect(find("Handle PAYMENTS today", "payments")).toBe("PAYMENTS");
  });

  it("matches a multi-word keyword as a phrase with any whitespace, hyphen or underscore between", () => {
    expect(find("Move orders to event sourcing", "event sourcing")).toBe("event sourcing");
    expect(find("an event-sourcing design", "event sourcing")).toBe("event-sourcing");
    expect(find("Event  Sourcing\tfor carts", "event sourcing")).toBe("Event  Sourcing");
    expect(find("event\nsourcing", "event sourcing")).toBe("event\nsourcing");
    expect(find("src/event_sourcing/store.ts", "event sourcing")).toBe("event_sourcing");
    expect(find("src/eventSourcing.ts", "event sourcing")).toBe("eventSourcing");
    expect(find("an event-sourcing design", "event-sourcing")).toBe("event-sourcing");
  });

  it("does not match a phrase across other punctuation or inside a longer word", () => {
    expect(find("we emit an event. Sourcing data is next", "event sourcing")).toBeUndefined();
    expect(find("eventsourcing", "event sourcing")).toBeUndefined();
    expect(find("prevent sourcing", "event sourcing")).toBeUndefined();
    expect(find("event sourcings", "event sourcing")).toBeUndefined();
  });

  it("matches symbols inside a keyword literally", () => {
    expect(find("Port the C++ parser", "c++")).toBe("C++");
    expect(find("fix ci/cd", "ci/cd")).toBe("ci/cd");
    expect(find("abc++", "c++")).toBeUndefined();
  });

  it("handles empty, odd and non-ASCII text", () => {
    expect(find("", "auth")).toBeUndefined();
    expect(find("   ", "auth")).toBeUndefined();
    expect(find("😀auth😀", "auth")).toBe("auth");
    expect(find("Zahlungsverkehr/Sicherheit.ts", "sicherheit")).toBe("Sicherheit");
    expect(find("auth", "   ")).toBeUndefined();
  });
});

describe("findKeyword, * wildcards", () => {
  it("lets each * stand for exactly one word, written as names are: through _, - and humps", () => {
    expect(find("drop users table", "drop * table")).toBe("drop users table");
    expect(find("Drops the user_sessions table", "drops * * table")).toBe("Drops the user_sessions table");
    expect(find("drop the audit-log table", "drop * * table")).toBe("drop the audit-log table");
    expect(find("drop userSessions table", "drop * table")).toBe("drop userSessions table");
    expect(find("drop table", "drop * table")).toBeUndefined();
    expect(find("drop the users table", "drop * table")).toBeUndefined();
    expect(find("drop the old users table", "drop * * table")).toBeUndefined();
  });

  it("needs a whole word, not punctuation, for the wildcard", () => {
    expect(find("drop !! table", "drop * table")).toBeUndefined();
    expect(find("drop users. table", "drop * table")).toBeUndefined();
    expect(find("drop users table.", "drop * table")).toBe("drop users table");
  });

  it("keeps a wildcard a whole word in substring mode too, and never matches with wildcards alone", () => {
    expect(find("xdrop users tablex", "drop * table", "substring")).toBe("drop users table");
    expect(find("dropusers table", "drop * table", "substring")).toBeUndefined();
    expect(find("any text", "*")).toBeUndefined();
    expect(find("any text", "* *", "substring")).toBeUndefined();
  });

  it("may lead or end a keyword", () => {
    expect(find("please drop it", "* drop")).toBe("please drop");
    expect(find("drop it now", "drop *")).toBe("drop it");
    expect(find("drop", "drop *")).toBeUndefined();
  });
});

describe("findKeyword on texts whose indexes are not code points", () => {
  it("finds the same words after a character outside the BMP, a capital sigma or a dotted capital I", () => {
    expect(find("😀 drop the users table 😀", "drop * * table")).toBe("drop the users table");
    expect(find("ΣΥΝΑΛΛΑΓΗ and Auth", "auth")).toBe("Auth");
    expect(find("ΟΔΟΣ", "οδοσ")).toBe("ΟΔΟΣ");
    expect(find("İstanbul login", "login")).toBe("login");
    expect(find("İstanbul", "stanbul", "substring")).toBe("stanbul");
  });

  it("agree with the plain path, whatever the text", () => {
    const word = fc.constantFrom(
      "drop",
      "the",
      "users",
      "table",
      "Auth",
      "oauth",
      "log",
      "in",
      "XMLParser",
      "x2",
    );
    const glue = fc.constantFrom(" ", "-", "_", ". ", "é", "ß", "", "\n");
    const keyword = fc.constantFrom(
      "auth",
      "log in",
      "drop * table",
      "drop * * table",
      "* table",
      "parser",
      "x",
    );
    fc.assert(
      fc.property(
        fc.array(fc.tuple(word, glue)),
        keyword,
        fc.constantFrom("word", "substring"),
        (parts, k, mode) => {
          const text = parts.map(([w, g]) => w + g).join("");
          const m = mode as KeywordMatch;
          expect(find(`${text} 😀`, k, m)).toBe(find(text, k, m));
        },
      ),
    );
  });
});

describe("findKeyword, substring mode", () => {
  it("finds the keyword anywhere", () => {
    expect(find("oauth.ts", "auth", "substring")).toBe("auth");
    expect(find("author.ts", "auth", "substring")).toBe("auth");
    expect(find("db/migrations/1.sql", "migration", "substring")).toBe("migration");
  });

  it("still lets phrase words be separated by whitespace, hyphens or underscores, or nothing", () => {
    expect(find("eventsourcing", "event sourcing", "substring")).toBe("eventsourcing");
    expect(find("Event - Sourcing", "event sourcing", "substring")).toBe("Event - Sourcing");
    expect(find("event. sourcing", "event sourcing", "substring")).toBeUndefined();
  });
});
