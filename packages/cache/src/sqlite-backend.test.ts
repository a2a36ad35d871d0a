import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { Keyv } from "keyv";
import { describe, expect, it } from "vitest";
import {
  tempDb,
  writeForeignWalDatabase,
  writeRandomBytes,
  writeSameNameOtherColumns,
} from "../test/sqlite/fixtures.js";
import { CACHE_NAMESPACE } from "./key.js";
import { createSqliteBackend, SQLITE_CACHE_SCHEMA_VERSION, type SqliteBackend } from "./sqlite-backend.js";
import { createSqliteKeyvStore, type SqliteKeyvStoreOptions } from "./sqlite-keyv-store.js";

/** A store on its own file with a clock the test moves. */
function clocked(options: Partial<SqliteKeyvStoreOptions> = {}) {
  let clock = 1_700_000_000_000;
  const path = options.path ?? tempDb();
  const store = createSqliteKeyvStore({ path, now: () => clock, ...options });
  return {
    path,
    store,
    keyv: (namespace = "ns") => new Keyv({ store, namespace }),
    advance: (ms: number) => {
      clock += ms;
    },
  };
}

/** Every row of the table, expired or not, read behind the store's back. */
function rawKeys(path: string, table = "cache_entries"): string[] {
  const db = new DatabaseSync(path, { readOnly: true });
  try {
    return db
      .prepare(`SELECT key FROM ${table} ORDER BY key`)
      .all()
      .map((r) => String(r.key));
  } finally {
    db.close();
  }
}

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of iterable) out.push(item);
  return out;
}

/** What `keyv.iterator` yields; Keyv builds one only for stores it recognises as iterable. */
function listed(kv: Keyv): Promise<unknown[]> {
  if (!kv.iterator) throw new Error("keyv built no iterator for this store");
  return collect(kv.iterator(kv.namespace));
}

describe("SQLite keyv store (node:sqlite)", () => {
  it("sets, gets, has and deletes through Keyv, values round-tripping through Keyv's serializer", async () => {
    const { keyv } = clocked();
    const kv = keyv();
    expect(await kv.get("missing")).toBeUndefined();
    expect(await kv.set("a", { n: 1, list: [1, "two", null] })).toBe(true);
    expect(await kv.get("a")).toEqual({ n: 1, list: [1, "two", null] });
    expect(await kv.has("a")).toBe(true);
    expect(await kv.set("a", "replaced")).toBe(true);
    expect(await kv.get("a")).toBe("replaced");
    expect(await kv.delete("a")).toBe(true);
    expect(await kv.delete("a")).toBe(false);
    expect(await kv.has("a")).toBe(false);
    expect(await kv.get("a")).toBeUndefined();
  });

  it("stores keys prefixed by Keyv's namespace, as TEXT, with their size", async () => {
    const { keyv, path, store } = clocked();
    await keyv("vextrus:cache:v1").set("k:1", "v");
    const db = new DatabaseSync(path, { readOnly: true });
    const row = db.prepare("SELECT key, value, typeof(value) AS type, size_bytes FROM cache_entries").get();
    db.close();
    expect(row).toEqual({
      key: "vextrus:cache:v1:k:1",
      value: JSON.stringify({ value: "v", expires: undefined }),
      type: "text",
      size_bytes: Buffer.byteLength("vextrus:cache:v1:k:1") + Buffer.byteLength('{"value":"v"}'),
    });
    expect(store.namespace).toBe("vextrus:cache:v1");
  });

  it("getMany, hasMany and deleteMany answer in the order asked, missing keys included", async () => {
    const { keyv } = clocked();
    const kv = keyv();
    await kv.set("a", 1);
    await kv.set("b", 2);
    await kv.set("c", 3);
    expect(await kv.getMany(["c", "nope", "a", "a"])).toEqual([3, undefined, 1, 1]);
    expect(await kv.hasMany(["a", "nope", "b"])).toEqual([true, false, true]);
    expect(
      await kv.setMany([
        { key: "d", value: 4 },
        { key: "e", value: 5, ttl: 60_000 },
      ]),
    ).toEqual([true, true]);
    expect(await kv.deleteMany(["a", "b", "nope"])).toBe(true);
    expect(await kv.deleteMany(["a", "b"])).toBe(false);
    expect(await kv.getMany(["a", "b", "c", "d", "e"])).toEqual([undefined, undefined, 3, 4, 5]);
    expect(await kv.getMany([])).toEqual([]);
  });

  it("expires entries by the ttl Keyv passes (ms), treating expired rows as absent and deleting them lazily", async () => {
    const { keyv, advance, path, store } = clocked();
    const kv = keyv();
    await kv.set("short", "s", 30);
    await kv.set("long", "l", 60_000);
    await kv.set("forever", "f");
    await kv.set("zero", "z", 0);
    advance(30);
    expect(await kv.get("short")).toBe("s");
    advance(1);
    expect(rawKeys(path)).toContain("ns:short");
    expect(await kv.has("short")).toBe(false);
    expect(rawKeys(path)).not.toContain("ns:short");
    await kv.set("short2", "s", 30);
    advance(31);
    expect(await kv.get("short2")).toBeUndefined();
    expect(await kv.getMany(["short2", "long"])).toEqual([undefined, "l"]);
    advance(60_000);
    expect(await listed(kv)).toEqual([
      ["forever", "f"],
      ["zero", "z"],
    ]);
    expect(rawKeys(path)).toEqual(["ns:forever", "ns:zero"]);
    await kv.set("gone", "g", 5);
    advance(6);
    expect(await store.count()).toBe(2);
    expect(await store.deleteExpired()).toBe(1);
    expect(rawKeys(path)).toEqual(["ns:forever", "ns:zero"]);
  });

  it("keeps namespaces apart on one file: clear of one leaves the other, even one whose name it prefixes", async () => {
    const path = tempDb();
    const a = new Keyv({ store: createSqliteKeyvStore({ path }), namespace: "a" });
    const ab = new Keyv({ store: createSqliteKeyvStore({ path }), namespace: "ab" });
    const odd = new Keyv({ store: createSqliteKeyvStore({ path }), namespace: "a%_" });
    await a.set("k", "from a");
    await ab.set("k", "from ab");
    await odd.set("k", "from a%_");
    expect([await a.get("k"), await ab.get("k"), await odd.get("k")]).toEqual([
      "from a",
      "from ab",
      "from a%_",
    ]);
    await a.clear();
    expect([await a.get("k"), await ab.get("k"), await odd.get("k")]).toEqual([
      undefined,
      "from ab",
      "from a%_",
    ]);
    await odd.clear();
    expect(rawKeys(path)).toEqual(["ab:k"]);
  });

  it("clears the whole table when no namespace is set", async () => {
    const path = tempDb();
    const store = createSqliteKeyvStore({ path });
    await new Keyv({ store: createSqliteKeyvStore({ path }), namespace: "x" }).set("k", 1);
    const bare = new Keyv({ store, useKeyPrefix: false, namespace: "" });
    await bare.set("plain", 2);
    expect(rawKeys(path)).toEqual(["plain", "x:k"]);
    await bare.clear();
    expect(rawKeys(path)).toEqual([]);
  });

  it("iterates one namespace in pages, live rows only, in key order, with Keyv removing the prefix", async () => {
    const { keyv, store, path } = clocked({ pageSize: 3 });
    const kv = keyv("p");
    const other = new Keyv({ store: createSqliteKeyvStore({ path }), namespace: "q" });
    await other.set("not-mine", 0);
    for (let i = 0; i < 10; i++) await kv.set(`k${i}`, i);
    expect(kv.iterator).toBeTypeOf("function");
    const seen = await listed(kv);
    expect(seen).toEqual(Array.from({ length: 10 }, (_, i) => [`k${i}`, i]));
    // The raw iterator: full keys and Keyv's serialized strings; without a namespace, every row.
    const raw = await collect(store.iterator("p"));
    expect(raw[0]).toEqual(["p:k0", JSON.stringify({ value: 0 })]);
    expect((await collect(store.iterator())).length).toBe(11);
  });

  it("does not skip or repeat rows when they are deleted while iterating", async () => {
    const { keyv, store } = clocked({ pageSize: 2 });
    const kv = keyv();
    for (let i = 0; i < 9; i++) await kv.set(`k${i}`, i);
    const seen: string[] = [];
    for await (const [key] of store.iterator("ns")) {
      seen.push(key);
      await store.delete(key);
    }
    expect(seen).toEqual(Array.from({ length: 9 }, (_, i) => `ns:k${i}`));
    expect(await store.count()).toBe(0);
  });

  it("round-trips unicode and a 1 MB value, and counts UTF-8 bytes", async () => {
    const { keyv, store } = clocked();
    const kv = keyv();
    const unicode = "héllo ✓ 世界 🙂 \u0000 nul and \u{10FFFF} \ud800 lone surrogate";
    const big = "x🙂".repeat(350_000);
    await kv.set("ключ 🔑", unicode);
    await kv.set("big", big);
    expect(await kv.get("ключ 🔑")).toBe(unicode);
    expect(await kv.get("big")).toBe(big);
    const expected =
      Buffer.byteLength("ns:ключ 🔑") +
      Buffer.byteLength(JSON.stringify({ value: unicode })) +
      Buffer.byteLength("ns:big") +
      Buffer.byteLength(JSON.stringify({ value: big }));
    expect(await store.bytes("ns")).toBe(expected);
    expect(await store.bytes()).toBe(expected);
    expect(await store.bytes("other")).toBe(0);
    expect(await store.count("ns")).toBe(2);
  });

  it("keeps entries across close and reopen", async () => {
    const path = tempDb();
    const first = new Keyv({ store: createSqliteKeyvStore({ path }), namespace: "n" });
    await first.set("kept", { deep: ["value"] });
    await first.set("ttl", "t", 3_600_000);
    await first.disconnect();
    const second = new Keyv({ store: createSqliteKeyvStore({ path }), namespace: "n" });
    expect(await second.get("kept")).toEqual({ deep: ["value"] });
    expect(await second.get("ttl")).toBe("t");
    await second.disconnect();
  });

  it("is an event emitter Keyv listens to, and rejects values Keyv did not serialize", async () => {
    const { store } = clocked();
    const errors: unknown[] = [];
    const kv = new Keyv({ store, namespace: "ns", serialize: undefined, deserialize: undefined });
    kv.on("error", (e: unknown) => errors.push(e));
    expect(store.emit("error", new Error("from the store"))).toBe(true);
    expect(errors).toHaveLength(1);
    expect(await kv.set("k", { not: "a string" })).toBe(false);
    expect(String(errors[1])).toMatch(/values must be strings/);
    const own = () => {};
    store.on("custom", own).off("custom", own);
    expect(store.emit("custom")).toBe(false);
  });

  it("creates its folder 0700 and the file 0600, in WAL mode; a state folder's .gitignore is config's", async () => {
    const path = tempDb();
    const store = createSqliteKeyvStore({ path });
    await store.set("k", "v");
    expect(statSync(dirname(path)).mode & 0o777).toBe(0o700);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(existsSync(join(dirname(path), ".gitignore"))).toBe(false);
    const db = new DatabaseSync(path, { readOnly: true });
    expect(db.prepare("PRAGMA journal_mode").get()).toEqual({ journal_mode: "wal" });
    db.close();
    await store.disconnect();
    await store.disconnect();
  });

  it("refuses a same-named table with other columns, and a table name that is not an identifier", () => {
    const path = tempDb();
    writeSameNameOtherColumns(path);
    const before = readFileSync(path);
    expect(() => createSqliteKeyvStore({ path })).toThrow(
      expect.objectContaining({
        code: "STORE_INVALID",
        message: expect.stringMatching(/columns \(id, payload, created\)/),
      }),
    );
    expect(readFileSync(path)).toEqual(before);
    expect(() => createSqliteKeyvStore({ path, table: "x; DROP TABLE y" })).toThrow(/not a plain identifier/);
    createSqliteKeyvStore({ path, table: "other_entries" }).disconnect();
  });
});

describe("SQLite backend", () => {
  // The shared agent-cache suite runs against this backend in sqlite-cache.test.ts.

  const open = (path = tempDb(), warnings: string[] = []) =>
    createSqliteBackend({ path, onWarning: (m) => warnings.push(m) });

  it("uses the package's cache namespace by default and lists keys without it (Keyv cuts at the first ':')", async () => {
    const backend = open();
    expect(backend.keyv.namespace).toBe(CACHE_NAMESPACE);
    await backend.keyv.set("abc:def", 1);
    expect(await listed(backend.keyv)).toEqual([["abc:def", 1]]);
    const plain = new Keyv({
      store: createSqliteKeyvStore({ path: backend.path }),
      namespace: CACHE_NAMESPACE,
    });
    expect(await listed(plain)).toEqual([[`${CACHE_NAMESPACE.slice("vextrus:".length)}:abc:def`, 1]]);
    await plain.disconnect();
    await backend.close();
  });

  it("counts bytes and entries of its namespace only", async () => {
    const path = tempDb();
    const a = createSqliteBackend({ path, namespace: "one" });
    const b = createSqliteBackend({ path, namespace: "two" });
    await a.keyv.set("k", "v".repeat(100));
    await b.keyv.set("k", "w");
    expect(await a.entries()).toBe(1);
    expect(await a.bytes()).toBe(
      Buffer.byteLength("one:k") + Buffer.byteLength(JSON.stringify({ value: "v".repeat(100) })),
    );
    await a.keyv.clear();
    expect([await a.entries(), await b.entries()]).toEqual([0, 1]);
    await a.close();
    await b.close();
  });

  it("increments counters atomically, reads them all, resets them", async () => {
    const path = tempDb();
    const a = open(path);
    const b = open(path);
    await a.counters.increment({ hits: 1, "hits:code-reviewer": 1 });
    await Promise.all(
      Array.from({ length: 100 }, (_, i) => (i % 2 ? a : b).counters.increment({ hits: 1, misses: 0 })),
    );
    await b.counters.increment({});
    expect(await b.counters.read()).toEqual({ hits: 101, "hits:code-reviewer": 1 });
    await expect(a.counters.increment({ hits: 0.5 })).rejects.toThrow(/integer/);
    await a.counters.reset();
    expect(await b.counters.read()).toEqual({});
    await a.close();
    await a.close();
    await b.close();
  });

  it("creates cache_meta with its schema version, the counters table and the entries table", () => {
    const path = tempDb();
    open(path).close();
    const db = new DatabaseSync(path, { readOnly: true });
    expect(db.prepare("SELECT key, value FROM cache_meta").all()).toEqual([
      { key: "schema_version", value: String(SQLITE_CACHE_SCHEMA_VERSION) },
    ]);
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all();
    expect(tables.map((t) => t.name)).toEqual(["cache_counters", "cache_entries", "cache_meta"]);
    db.close();
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(statSync(dirname(path)).mode & 0o777).toBe(0o700);
  });

  it("waits out a lock and then fails with STORE_LOCKED, never mistaking a busy file for a bad one", async () => {
    const path = tempDb();
    open(path).close();
    const holder = new DatabaseSync(path);
    holder.exec("BEGIN IMMEDIATE");
    const warnings: string[] = [];
    const backend = createSqliteBackend({ path, busyTimeoutMs: 100, onWarning: (m) => warnings.push(m) });
    expect(await backend.keyv.get("k")).toBeUndefined();
    await expect(backend.counters.increment({ hits: 1 })).rejects.toMatchObject({ code: "STORE_LOCKED" });
    const errors: unknown[] = [];
    backend.keyv.on("error", (e: unknown) => errors.push(e));
    expect(await backend.keyv.set("k", 1)).toBe(false);
    expect(errors[0]).toMatchObject({ name: "VextrusCacheError", code: "STORE_LOCKED" });
    holder.exec("ROLLBACK");
    holder.close();
    expect(await backend.keyv.set("k", 1)).toBe(true);
    expect(warnings).toEqual([]);
    expect(readdirSync(dirname(path)).filter((f) => f.includes("corrupt"))).toEqual([]);
    await backend.close();
  });

  it("throws STORE_UNAVAILABLE for a folder where the file should be, and moves nothing", () => {
    const path = tempDb();
    mkdirSync(path, { recursive: true });
    expect(() => open(path)).toThrow(expect.objectContaining({ code: "STORE_UNAVAILABLE" }));
    expect(statSync(path).isDirectory()).toBe(true);
  });

  describe("a file it cannot use is moved aside, never deleted, and replaced by an empty cache", () => {
    /** Opens the backend on a prepared bad file and checks the move: warning, byte-identical copy, working cache. */
    async function expectMovedAside(path: string, reason: RegExp) {
      const sidecars = ["", "-wal", "-shm", "-journal"].filter((s) => existsSync(path + s));
      const before = new Map(sidecars.map((s) => [s, readFileSync(path + s)]));
      const warnings: string[] = [];
      const backend = open(path, warnings);
      expect(warnings).toHaveLength(1);
      const warning = warnings[0] ?? "";
      expect(warning).toMatch(reason);
      expect(warning).toContain(`${path} `);
      expect(warning).toMatch(/moved aside/);
      const target = /moved aside to (.+?) and an empty cache/.exec(warning)?.[1] ?? "";
      expect(target).toMatch(
        new RegExp(`^${path.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\\.corrupt-\\d{4}-\\d\\d-\\d\\dT`),
      );
      for (const [suffix, bytes] of before) {
        if (suffix === "-shm") expect(existsSync(target + suffix)).toBe(true);
        else expect(readFileSync(target + suffix)).toEqual(bytes);
      }
      await backend.keyv.set("fresh", "works");
      await backend.counters.increment({ hits: 1 });
      expect(await backend.keyv.get("fresh")).toBe("works");
      expect(await backend.counters.read()).toEqual({ hits: 1 });
      await backend.close();
      const again: string[] = [];
      await open(path, again).close();
      expect(again).toEqual([]);
      return target;
    }

    it("random bytes", async () => {
      const path = tempDb();
      writeRandomBytes(path);
      await expectMovedAside(path, /is not a SQLite database/);
    });

    it("a SQLite file with a table of the same name but other columns", async () => {
      const path = tempDb();
      writeSameNameOtherColumns(path);
      await expectMovedAside(path, /not a Vextrus cache \(tables: cache_entries; no cache_meta\)/);
    });

    it("our meta table but an entries table with other columns", async () => {
      const path = tempDb();
      open(path).close();
      const db = new DatabaseSync(path);
      db.exec("DROP TABLE cache_entries; CREATE TABLE cache_entries (k TEXT, v TEXT);");
      db.close();
      await expectMovedAside(
        path,
        /table cache_entries with columns \(k, v\), not \(key, value, expires_at, size_bytes\)/,
      );
    });

    it("another program's database, with its WAL, moved together and still readable there", async () => {
      const path = tempDb();
      writeForeignWalDatabase(path);
      expect(existsSync(`${path}-wal`)).toBe(true);
      const target = await expectMovedAside(path, /not a Vextrus cache \(tables: notes; no cache_meta\)/);
      const moved = new DatabaseSync(target, { readOnly: true });
      expect(
        moved
          .prepare("SELECT body FROM notes ORDER BY id")
          .all()
          .map((r) => r.body),
      ).toEqual(["groceries", "call the bank"]);
      moved.close();
    });

    it("a database written by a newer version of this cache", async () => {
      const path = tempDb();
      const old = open(path);
      await old.keyv.set("k", 1);
      await old.close();
      const db = new DatabaseSync(path);
      db.prepare("UPDATE cache_meta SET value = ? WHERE key = 'schema_version'").run(
        String(SQLITE_CACHE_SCHEMA_VERSION + 1),
      );
      db.close();
      await expectMovedAside(path, /written by a newer Vextrus \(cache schema 2; this version reads 1\)/);
    });

    it("a SQLite file damaged inside (its schema page overwritten)", async () => {
      const path = tempDb();
      const old = open(path);
      await old.keyv.set("k", "v".repeat(10_000));
      await old.close();
      const bytes = readFileSync(path);
      bytes.fill(0xa5, 100, 4096);
      writeFileSync(path, bytes);
      await expectMovedAside(path, /is a damaged SQLite database/);
    });

    it("an empty file, as a crash during creation leaves it, is simply adopted", async () => {
      const path = tempDb();
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, "");
      const warnings: string[] = [];
      const backend: SqliteBackend = open(path, warnings);
      await backend.keyv.set("k", 1);
      expect(warnings).toEqual([]);
      await backend.close();
    });
  });
});
