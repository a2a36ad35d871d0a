// A fresh database per test on the test server, so suites never see each other's rows.
import { randomBytes } from "node:crypto";
import postgres from "postgres";
import { inject } from "vitest";

export const pgUrl = inject("pgUrl");

/** Runs SQL as the server's superuser (the test cluster's `vextrus`), in database `db` (default: the test one). */
export async function admin<T>(work: (sql: postgres.Sql) => Promise<T>, db?: string): Promise<T> {
  const url = new URL(pgUrl ?? "");
  if (db) url.pathname = `/${db}`;
  const sql = postgres(url.toString(), { max: 1, onnotice: () => {} });
  try {
    return await work(sql);
  } finally {
    await sql.end({ timeout: 5 });
  }
}

/** A new empty database; its URL (with the superuser's password) and name. */
export async function freshDatabase(): Promise<{ url: string; name: string }> {
  const name = `vextrus_t_${randomBytes(6).toString("hex")}`;
  await admin((sql) => sql.unsafe(`CREATE DATABASE ${name}`));
  const url = new URL(pgUrl ?? "");
  url.pathname = `/${name}`;
  return { url: url.toString(), name };
}

/** The same URL as another user and password. */
export function asUser(url: string, user: string, password: string): string {
  const u = new URL(url);
  u.username = user;
  u.password = password;
  return u.toString();
}
