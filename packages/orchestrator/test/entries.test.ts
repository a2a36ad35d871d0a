import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const dist = (file: string) => fileURLToPath(new URL(`../dist/${file}`, import.meta.url));

/** Imports a built entry in a fresh Node and returns every package it imported by name, seen by a resolve hook. */
function packagesLoadedBy(entry: string): string[] {
  const script = `
    const { registerHooks } = await import("node:module");
    const seen = new Set();
    registerHooks({
      resolve(specifier, context, next) {
        const m = /^(?:@[^/]+\\/)?[^./:][^/:]*/.exec(specifier);
        if (m) seen.add(m[0]);
        return next(specifier, context);
      },
    });
    await import(${JSON.stringify(entry)});
    process.stdout.write(JSON.stringify([...seen]));
  `;
  const out = execFileSync(process.execPath, ["--input-type=module", "-e", script], { encoding: "utf8" });
  return JSON.parse(out) as string[];
}

describe("entries", () => {
  it("the main entry (gates, coordination, CLI and simulated runners) never loads @anthropic-ai/sdk", () => {
    const loaded = packagesLoadedBy(dist("index.js"));
    expect(loaded).toContain("zod");
    expect(loaded).not.toContain("@anthropic-ai/sdk");
  });

  it("the /anthropic entry loads it", () => {
    expect(packagesLoadedBy(dist("anthropic.js"))).toContain("@anthropic-ai/sdk");
  });
});
