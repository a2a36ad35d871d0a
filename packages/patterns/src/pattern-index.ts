import { VextrusPatternsError } from "./errors.js";
import { assertTasks, type FinishedTask } from "./task.js";
import { type Token, tokenize, tokenizePath } from "./tokenize.js";

/** Where a word was found: the task's description, or the paths of its files. */
export type Field = "description" | "files";
export const FIELDS: readonly Field[] = ["description", "files"];

export interface IndexSettings {
  /** How fast repeating a word stops adding to the score. */
  readonly k1: number;
  /** How much a long description or file list is discounted against the average (0 = not at all, 1 = fully). */
  readonly b: number;
  readonly fieldWeights: Readonly<Record<Field, number>>;
}

export interface IndexOptions {
  readonly k1?: number;
  readonly b?: number;
  readonly fieldWeights?: Partial<Record<Field, number>>;
}

/**
 * Descriptions say what a task was about; paths add the area of the code but repeat directory names across many
 * tasks, so a path word counts a bit less than a description word.
 */
export const DEFAULT_INDEX_SETTINGS: IndexSettings = Object.freeze({
  k1: 1.2,
  b: 0.75,
  fieldWeights: Object.freeze({ description: 1, files: 0.6 }),
});

/** The terms of one field, with how often each occurs, and the field's length in terms. */
export interface FieldTerms {
  readonly tf: ReadonlyMap<string, number>;
  readonly length: number;
}

export type Document = Readonly<Record<Field, FieldTerms>>;

/** A history of finished tasks, ready to be searched by `recommendApproach`. */
export interface PatternIndex {
  readonly tasks: readonly FinishedTask[];
  readonly settings: IndexSettings;
}

interface Internals {
  readonly documents: readonly Document[];
  /** Tasks whose description or paths hold the term. */
  readonly df: ReadonlyMap<string, number>;
  readonly averageLength: Readonly<Record<Field, number>>;
}

// Kept off the public object, so the index shape is free to change and callers cannot desynchronise it.
const internals = new WeakMap<PatternIndex, Internals>();

function fieldTerms(tokens: readonly Token[]): FieldTerms {
  const tf = new Map<string, number>();
  for (const { term } of tokens) tf.set(term, (tf.get(term) ?? 0) + 1);
  return { tf, length: tokens.length };
}

/** Terms of a description and of paths, each with the words they came from. */
export function analyse(
  description: string,
  files: readonly string[],
): {
  document: Document;
  words: Map<string, string[]>;
} {
  const descriptionTokens = tokenize(description);
  const fileTokens = [...new Set(files)].flatMap((path) => tokenizePath(path));
  const words = new Map<string, string[]>();
  for (const { term, word } of [...descriptionTokens, ...fileTokens]) {
    const list = words.get(term) ?? [];
    if (!list.includes(word)) list.push(word);
    words.set(term, list);
  }
  return { document: { description: fieldTerms(descriptionTokens), files: fieldTerms(fileTokens) }, words };
}

function checkSettings(options: IndexOptions): IndexSettings {
  const k1 = options.k1 ?? DEFAULT_INDEX_SETTINGS.k1;
  const b = options.b ?? DEFAULT_INDEX_SETTINGS.b;
  const fieldWeights = { ...DEFAULT_INDEX_SETTINGS.fieldWeights, ...options.fieldWeights };
  const invalid = (field: string, expected: string, got: unknown): never => {
    throw new VextrusPatternsError("OPTIONS_INVALID", `${field}: ${expected}, got ${String(got)}`);
  };
  if (typeof k1 !== "number" || !(k1 > 0 && Number.isFinite(k1))) invalid("k1", "expected a number > 0", k1);
  if (typeof b !== "number" || !(b >= 0 && b <= 1)) invalid("b", "expected a number between 0 and 1", b);
  for (const field of FIELDS) {
    const weight = fieldWeights[field];
    if (typeof weight !== "number" || !(weight >= 0 && Number.isFinite(weight))) {
      invalid(`fieldWeights.${field}`, "expected a finite number ≥ 0", weight);
    }
  }
  if (fieldWeights.description + fieldWeights.files <= 0) {
    invalid("fieldWeights", "expected at least one weight above 0", JSON.stringify(fieldWeights));
  }
  return { k1, b, fieldWeights };
}

/** Indexes the description words and path words of finished tasks; throws `TASK_INVALID` on a malformed task. */
export function createPatternIndex(tasks: readonly FinishedTask[], options: IndexOptions = {}): PatternIndex {
  const history = assertTasks(tasks);
  const settings = checkSettings(options);
  const documents = history.map((task) => analyse(task.description, task.files).document);
  const df = new Map<string, number>();
  const totalLength = { description: 0, files: 0 };
  for (const document of documents) {
    const seen = new Set([...document.description.tf.keys(), ...document.files.tf.keys()]);
    for (const term of seen) df.set(term, (df.get(term) ?? 0) + 1);
    for (const field of FIELDS) totalLength[field] += document[field].length;
  }
  const count = Math.max(1, documents.length);
  const index: PatternIndex = Object.freeze({ tasks: Object.freeze([...history]), settings });
  internals.set(index, {
    documents,
    df,
    averageLength: { description: totalLength.description / count, files: totalLength.files / count },
  });
  return index;
}

export function internalsOf(index: PatternIndex): Internals {
  const found = internals.get(index);
  if (found === undefined) {
    throw new VextrusPatternsError("OPTIONS_INVALID", "index: expected an index made by createPatternIndex");
  }
  return found;
}

/** One query term's share of a task's score, and where the task has it. */
export interface TermScore {
  readonly term: string;
  readonly fields: readonly Field[];
  readonly score: number;
}

/**
 * BM25F, simplified: a term's frequency in each field is divided by that field's length normalisation
 * (1 − b + b · length / average length), weighted by the field, and summed before the k1 saturation, so a word in
 * both the description and the paths counts more than in one, but never without bound. IDF is the non-negative
 * form ln(1 + (N − df + 0.5) / (df + 0.5)); the query's terms each count once.
 */
export function scoreDocument(
  index: PatternIndex,
  document: Document,
  terms: Iterable<string>,
): { score: number; terms: TermScore[] } {
  const { df, averageLength } = internalsOf(index);
  const { k1, b, fieldWeights } = index.settings;
  const n = index.tasks.length;
  let score = 0;
  const matched: TermScore[] = [];
  for (const term of terms) {
    let weighted = 0;
    const fields: Field[] = [];
    for (const field of FIELDS) {
      const tf = document[field].tf.get(term) ?? 0;
      if (tf === 0) continue;
      fields.push(field);
      const average = averageLength[field];
      const norm = average > 0 ? 1 - b + (b * document[field].length) / average : 1;
      weighted += (fieldWeights[field] * tf) / norm;
    }
    if (weighted <= 0) continue;
    const frequency = df.get(term) ?? 0;
    const idf = Math.log(1 + (n - frequency + 0.5) / (frequency + 0.5));
    const termScore = (idf * weighted * (k1 + 1)) / (k1 + weighted);
    score += termScore;
    matched.push({ term, fields, score: termScore });
  }
  return { score, terms: matched };
}

/** Same terms with the same counts in the same fields: the query repeats this task. */
export function sameDocument(a: Document, b: Document): boolean {
  return FIELDS.every((field) => {
    const x = a[field].tf;
    const y = b[field].tf;
    return x.size === y.size && [...x].every(([term, tf]) => y.get(term) === tf);
  });
}
