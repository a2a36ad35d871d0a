import type { KeywordRule } from "./rules.js";

/**
 * Every "verb, then up to two words, then noun" phrase: `destructive("drop", ["table"])` gives "drop table",
 * "drop * table" ("drop users table") and "drop * * table" ("drop the users table"), for each inflection given.
 */
function destructive(verbs: readonly string[], nouns: readonly string[]): string[] {
  const phrases: string[] = [];
  for (const gap of ["", "* ", "* * "])
    for (const verb of verbs) for (const noun of nouns) phrases.push(`${verb} ${gap}${noun}`);
  return phrases;
}

const TABLES = ["table", "tables"];

/**
 * Description rules for the areas and operations a risky change touches: the high-risk areas of a path (auth,
 * security, payments and money, migrations) and destructive database operations (dropping, altering or emptying
 * tables, raw queries), in the words people use when they ask for the work. Each is worth at least 30, the lowest
 * score of the haiku-with-sonnet-review tier, so a task that names one of them never goes to haiku alone.
 */
export const RISK_TOPIC_RULES: readonly KeywordRule[] = [
  {
    id: "auth-topic",
    kind: "keyword",
    in: "description",
    keywords: [
      "auth",
      "authn",
      "authz",
      "oauth",
      "authenticate",
      "authentication",
      "authenticator",
      "authorize",
      "authorization",
      "authorizer",
      "login",
      "logins",
      "log in",
      "logout",
      "log out",
      "sign in",
      "signin",
      "sign out",
      "sign up",
      "signup",
      "password",
      "passwords",
      "credentials",
      "sso",
      "2fa",
      "mfa",
      "jwt",
      "permission",
      "permissions",
      "rbac",
    ],
    points: 30,
  },
  {
    id: "security-topic",
    kind: "keyword",
    in: "description",
    keywords: [
      "security",
      "vulnerability",
      "vulnerabilities",
      "cve",
      "encryption",
      "encrypt",
      "decrypt",
      "secret",
      "secrets",
      "csrf",
      "xss",
      "sql injection",
    ],
    points: 30,
  },
  {
    id: "payment-topic",
    kind: "keyword",
    in: "description",
    keywords: [
      "payment",
      "payments",
      "billing",
      "invoice",
      "invoices",
      "invoicing",
      "refund",
      "refunds",
      "finance",
      "financial",
      "transaction",
      "transactions",
    ],
    points: 30,
  },
  {
    id: "migration-topic",
    kind: "keyword",
    in: "description",
    keywords: [
      "migration",
      "migrations",
      "migrate",
      "migrates",
      "migrating",
      "schema change",
      "schema changes",
    ],
    points: 30,
  },
  {
    id: "drop-table",
    kind: "keyword",
    in: "description",
    keywords: destructive(["drop", "drops", "dropping"], [...TABLES, "column", "columns", "database"]),
    points: 40,
  },
  {
    id: "alter-table",
    kind: "keyword",
    in: "description",
    keywords: destructive(["alter", "alters", "altering"], TABLES),
    points: 30,
  },
  {
    id: "delete-rows",
    kind: "keyword",
    in: "description",
    // Only with what is deleted: "delete all unused imports" is a refactoring, "delete all rows" is not.
    keywords: [
      "delete from",
      "bulk delete",
      "mass delete",
      ...destructive(
        ["delete", "deletes", "deleting", "truncate", "truncates", "truncating", "wipe", "wipes", "wiping"],
        ["row", "rows", "records", "data", ...TABLES, "database"],
      ),
    ],
    points: 30,
  },
  {
    id: "raw-query",
    kind: "keyword",
    in: "description",
    // "execute raw" also finds Prisma's $executeRaw and $executeRawUnsafe: a phrase may span a camelCase hump.
    keywords: ["raw query", "raw queries", "raw sql", "execute raw", "query raw"],
    points: 30,
  },
];
