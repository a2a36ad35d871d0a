import { createHash } from "node:crypto";

/**
 * A default user or machine label: a short hash of the login or host name, so the shared ledger tells people and
 * machines apart without publishing their names. Configured names (`optimization.team.user`/`machine`) replace it.
 */
export function hashedLabel(kind: "user" | "machine", name: string): string {
  return `${kind === "user" ? "u" : "m"}-${createHash("sha256").update(name).digest("hex").slice(0, 10)}`;
}

export interface TeamLabels {
  user: string;
  machine: string;
}
