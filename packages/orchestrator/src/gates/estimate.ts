import { DEFAULT_GATE_MINUTES, GATE_PLANS, type GateMinutes, type GateName } from "@vextrus/risk";

export interface RecordedGateDuration {
  gate: string;
  /** Mean over the runs that reached a verdict; null when none did. `@vextrus/metrics`' GateSummary has it. */
  avgDurationMs: number | null;
}

export interface GateMinutesEstimate {
  minutes: GateMinutes;
  /** Gates whose minutes are their recorded mean. */
  measured: GateName[];
  /** Gates still on `base`'s figures: nothing recorded for them yet. */
  defaults: GateName[];
}

const KNOWN: readonly GateName[] = GATE_PLANS.comprehensive.gates;

/**
 * Minutes per gate for `recommendGates`' time estimate: the recorded mean of each gate that has reached a
 * verdict before, `base` for the rest. The tests gate's recorded mean stands for every test subset, since a
 * record does not say which subset ran.
 */
export function gateMinutesFromHistory(
  history: readonly RecordedGateDuration[],
  base: GateMinutes = DEFAULT_GATE_MINUTES,
): GateMinutesEstimate {
  const minutes = { ...base, tests: { ...base.tests } } as {
    -readonly [K in keyof GateMinutes]: GateMinutes[K];
  };
  const measured: GateName[] = [];
  for (const name of KNOWN) {
    const avg = history.find((h) => h.gate === name)?.avgDurationMs;
    if (avg === null || avg === undefined || !Number.isFinite(avg) || avg < 0) continue;
    const m = avg / 60_000;
    if (name === "tests") minutes.tests = { "changed-files": m, "affected-modules": m, all: m };
    else (minutes as Record<Exclude<GateName, "tests">, number>)[name] = m;
    measured.push(name);
  }
  return { minutes, measured, defaults: KNOWN.filter((n) => !measured.includes(n)) };
}
