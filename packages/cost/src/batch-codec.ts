import { interner } from "./interner.js";
import type { UsageRecord } from "./records.js";

// A batch of requests stored as one compact JSON text: repeated strings (sessions, projects, models, agents) go
// into tables and records refer to them by index. Ledgers of schema 2 and 3 kept one batch per file and ingest
// (`cost_batches`); schema 4 keeps each request once instead, and reads batches only to migrate or merge an older
// ledger (docs/rollups.md).

type Row = [
  key: string,
  timestamp: string,
  session: number,
  project: number,
  model: number,
  agent: number,
  sidechain: 0 | 1,
  input: number,
  output: number,
  write5m: number,
  write1h: number,
  read: number,
  speed: string | null,
  geo: string | null,
  webSearches: number,
];

interface Batch {
  v: 1;
  s: string[];
  p: string[];
  m: string[];
  a: string[];
  r: Row[];
}

export function encodeBatch(records: readonly UsageRecord[]): string {
  const s = interner();
  const p = interner();
  const m = interner();
  const a = interner();
  const r: Row[] = records.map((x) => [
    x.key,
    x.timestamp,
    s.id(x.sessionId),
    p.id(x.project),
    m.id(x.model),
    x.agentId === null ? -1 : a.id(x.agentId),
    x.sidechain ? 1 : 0,
    x.input,
    x.output,
    x.cacheWrite5m,
    x.cacheWrite1h,
    x.cacheRead,
    x.speed ?? null,
    x.geo ?? null,
    x.webSearches ?? 0,
  ]);
  const batch: Batch = { v: 1, s: s.list, p: p.list, m: m.list, a: a.list, r };
  return JSON.stringify(batch);
}

export function decodeBatch(text: string): UsageRecord[] {
  const b = JSON.parse(text) as Batch;
  if (b.v !== 1) throw new Error(`unknown batch version ${String(b.v)}`);
  const out: UsageRecord[] = new Array(b.r.length);
  for (let i = 0; i < b.r.length; i++) {
    const x = b.r[i] as Row;
    out[i] = {
      key: x[0],
      timestamp: x[1],
      sessionId: b.s[x[2]] as string,
      project: b.p[x[3]] as string,
      model: b.m[x[4]] as string,
      agentId: x[5] < 0 ? null : (b.a[x[5]] as string),
      sidechain: x[6] === 1,
      input: x[7],
      output: x[8],
      cacheWrite5m: x[9],
      cacheWrite1h: x[10],
      cacheRead: x[11],
      speed: x[12],
      geo: x[13],
      webSearches: x[14],
    };
  }
  return out;
}
