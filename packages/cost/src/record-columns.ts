import { interner } from "./interner.js";
import type { UsageRecord } from "./records.js";

// Requests as columns, for handing a file's requests to the ledger's writer thread (docs/ingest-thread.md): a
// structured clone of ~100 objects of 15 fields costs about twice what their keys and timestamps as two string
// arrays, the repeated strings once, and the numbers in typed arrays (transferred, not copied) cost.

/** Per request in `refs`: session, project, model, agent id, speed, inference geo (indexes into `strings`). */
const REFS = 6;
/** Per request in `numbers`: input, output, 5-minute and 1-hour cache writes, cache reads, web searches, sidechain. */
const NUMBERS = 7;
/** A ref for null, and one for a field the record does not have (kept apart: the copy is the record it was). */
const NULL = -1;
const ABSENT = -2;

export interface RecordColumns {
  keys: string[];
  timestamps: string[];
  /** Each distinct session, project, model, agent, speed and geo string once. */
  strings: string[];
  refs: Int32Array;
  numbers: Float64Array;
}

export function recordsToColumns(records: readonly UsageRecord[]): RecordColumns {
  const n = records.length;
  const keys = new Array<string>(n);
  const timestamps = new Array<string>(n);
  const strings = interner();
  const refs = new Int32Array(n * REFS);
  const numbers = new Float64Array(n * NUMBERS);
  const ref = (value: string | null | undefined): number =>
    value === null ? NULL : value === undefined ? ABSENT : strings.id(value);
  for (let i = 0; i < n; i++) {
    const r = records[i] as UsageRecord;
    keys[i] = r.key;
    timestamps[i] = r.timestamp;
    const at = i * REFS;
    refs[at] = ref(r.sessionId);
    refs[at + 1] = ref(r.project);
    refs[at + 2] = ref(r.model);
    refs[at + 3] = ref(r.agentId);
    refs[at + 4] = ref(r.speed);
    refs[at + 5] = ref(r.geo);
    const nat = i * NUMBERS;
    numbers[nat] = r.input;
    numbers[nat + 1] = r.output;
    numbers[nat + 2] = r.cacheWrite5m;
    numbers[nat + 3] = r.cacheWrite1h;
    numbers[nat + 4] = r.cacheRead;
    // Counts are never negative: -1 stands for a record without the field.
    numbers[nat + 5] = r.webSearches === undefined ? -1 : r.webSearches;
    numbers[nat + 6] = r.sidechain ? 1 : 0;
  }
  return { keys, timestamps, strings: strings.list, refs, numbers };
}

export function columnsToRecords(c: RecordColumns): UsageRecord[] {
  const { keys, timestamps, strings, refs, numbers } = c;
  const n = keys.length;
  const records = new Array<UsageRecord>(n);
  for (let i = 0; i < n; i++) {
    const at = i * REFS;
    const nat = i * NUMBERS;
    const record: UsageRecord = {
      key: keys[i] as string,
      timestamp: timestamps[i] as string,
      sessionId: strings[refs[at] as number] as string,
      project: strings[refs[at + 1] as number] as string,
      model: strings[refs[at + 2] as number] as string,
      agentId: refs[at + 3] === NULL ? null : (strings[refs[at + 3] as number] as string),
      sidechain: numbers[nat + 6] === 1,
      input: numbers[nat] as number,
      output: numbers[nat + 1] as number,
      cacheWrite5m: numbers[nat + 2] as number,
      cacheWrite1h: numbers[nat + 3] as number,
      cacheRead: numbers[nat + 4] as number,
    };
    const speed = refs[at + 4] as number;
    if (speed !== ABSENT) record.speed = speed === NULL ? null : (strings[speed] as string);
    const geo = refs[at + 5] as number;
    if (geo !== ABSENT) record.geo = geo === NULL ? null : (strings[geo] as string);
    const web = numbers[nat + 5] as number;
    if (web !== -1) record.webSearches = web;
    records[i] = record;
  }
  return records;
}
