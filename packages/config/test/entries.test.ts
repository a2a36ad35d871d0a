import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

/** The bare specifiers a fresh Node resolves while importing one built entry of this package. */
function bareImportsOf(entry: string): string[] {
  const file = fileURLToPath(new URL(`../dist/${entry}`, import.meta.url));
  const script = `
    const { registerHooks } = await import("node:module");
    const seen = new Set();
    registerHooks({ resolve(spec, context, next) { if (/^[@\\w]/.test(spec) && !spec.startsWith("node:")) seen.add(spec); return next(spec, context); } });
    await import(${JSON.stringify(file)});
    process.stdout.write(JSON.stringify([...seen]));
  `;
  return JSON.parse(
    execFileSync(process.execPath, ["--input-type=module", "-e", script], { encoding: "utf8" }),
  );
}

describe("entries", () => {
  // The hooks read switches and state folders on every tool call: that path must not pay for zod or keyv.
  it("the main entry loads neither zod nor keyv (nor the cache's store code)", () => {
    const loaded = bareImportsOf("index.js");
    expect(loaded).toContain("@vextrus/cache/defaults");
    expect(loaded.filter((spec) => /^(zod|keyv|@keyv\/)|^@vextrus\/cache$/.test(spec))).toEqual([]);
  });

  it("the /checked entry is where validation (zod) comes in", () => {
    expect(bareImportsOf("checked.js").some((spec) => spec.startsWith("zod"))).toBe(true);
  });
});
