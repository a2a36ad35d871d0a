/**
 * A default user or machine label: a short hash of the login or host name, so the shared ledger tells people and
 * machines apart without publishing their names. Configured names (`optimization.team.user`/`machine`) replace it.
 */
export function hashedLabel(kind: "user" | "machine", name: string): string {
  // node:crypto is loaded here, not imported: every `vextrus` run loads this module (through @vextrus/config) and
  // most never make a label, while loading node:crypto costs ~10 ms.
  const { createHash } = process.getBuiltinModule("node:crypto");
  return `${kind === "user" ? "u" : "m"}-${createHash("sha256").update(name).digest("hex").slice(0, 10)}`;
}

export interface TeamLabels {
  user: string;
  machine: string;
}
