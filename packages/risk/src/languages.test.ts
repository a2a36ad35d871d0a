import { describe, expect, it } from "vitest";
import { countNewFunctions, DEFAULT_LANGUAGES, languageFor } from "./languages.js";

const count = (path: string, lines: string[]) => countNewFunctions(lines, languageFor(path));

describe("new-function detection", () => {
  it("finds TS/JS function declarations, arrows, function expressions and class methods", () => {
    const declarations = [
      "function plain(a, b) {",
      "export function exported<T>(x: T): T {",
      "export default async function handler(req: Request) {",
      "  async function* stream() {",
      "const arrow = (a: number, b: number): number => a + b;",
      "export const load = async ({ id }: Params) => {",
      "let single = x => x * 2;",
      "const generic = <T,>(value: T) => value;",
      "const expr = function () {",
      "  private onClick = async (event: MouseEvent) => {",
      "): Promise<void> => {",
      "  constructor(private readonly repo: Repo) {",
      "  async save(user: User): Promise<void> {",
      "  static create(): Order {",
      "  get total(): number {",
      "  public async process(",
      "  toJSON() {}",
    ];
    for (const line of declarations) expect(count("src/a.ts", [line]), line).toBe(1);
    expect(count("src/a.tsx", declarations)).toBe(declarations.length);
    expect(count("lib/a.mjs", ["function f() {", "const g = () => 1;"])).toBe(2);
  });

  it("does not count calls, control flow, assignments or type signatures in TS/JS", () => {
    const others = [
      "if (ready) {",
      "} else if (x) {",
      "for (const a of b) {",
      "while (true) {",
      "switch (kind) {",
      "  catch (error) {",
      "return compute(a);",
      "const total = compute(a) + 1;",
      "const value = (a + b) * 2;",
      'describe("thing", () => {',
      "items.map((item) => item.id);",
      "expect(",
      "this.handler = () => {};",
      "  onClick: (event: Event) => void;",
      "import { x } from './x.js';",
      "// function commented() {}",
    ];
    for (const line of others) expect(count("src/a.ts", [line]), line).toBe(0);
  });

  it("finds Python defs, sync and async, at any depth", () => {
    expect(
      count("app/views.py", ["def index(request):", "    async def fetch(self, url):", "x = define(1)"]),
    ).toBe(2);
    expect(count("app/views.py", ["    default = 1", "undef(x)"])).toBe(0);
  });

  it("finds Go funcs and methods, generic or not, but not func literals", () => {
    expect(
      count("pkg/repo.go", [
        "func main() {",
        "func (r *Repo) Save(ctx context.Context) error {",
        "func Map[T any, U any](xs []T, f func(T) U) []U {",
        "\thandler := func(w http.ResponseWriter) {",
        "\tgo func() {",
      ]),
    ).toBe(3);
  });

  it("finds Java methods and constructors, not statements", () => {
    expect(
      count("src/main/java/Order.java", [
        "public class Order {",
        "    public Order(String id) {",
        "    @Override public String toString() {",
        "    private static <T> List<T> copy(List<T> in) throws IOException {",
        "    void abstractish();",
        "    Map<String, Integer> counts(String text) {",
        "    int[] ids() {",
      ]),
    ).toBe(6);
    expect(
      count("src/main/java/Order.java", [
        "        return compute(a);",
        "        String s = format(x);",
        "        throw new IllegalStateException(msg);",
        "        if (ready) {",
        "        } else if (x) {",
        "        log.info(message);",
        "        new Thread(task).start();",
      ]),
    ).toBe(0);
  });

  it("finds SQL functions and procedures, any case", () => {
    expect(
      count("db/001.sql", [
        "CREATE FUNCTION add(a int) RETURNS int",
        "create or replace function audit() returns trigger as $$",
        "CREATE PROCEDURE archive_orders()",
        "CREATE OR ALTER PROCEDURE dbo.Cleanup",
        "CREATE DEFINER=`admin`@`%` PROCEDURE sync()",
        "CREATE TABLE functions (id int);",
        "-- we should CREATE FUNCTION later",
      ]),
    ).toBe(5);
  });

  it("keeps the patterns as data per language, chosen by extension", () => {
    expect(DEFAULT_LANGUAGES.map((language) => language.id)).toEqual([
      "typescript",
      "python",
      "go",
      "java",
      "sql",
    ]);
    expect(languageFor("src/types.d.ts")?.id).toBe("typescript");
    expect(languageFor("Query.SQL")?.id).toBe("sql");
    expect(languageFor("Makefile")).toBeUndefined();
    expect(count("README.md", ["function f() {"])).toBe(0);
  });

  it("skips minified lines", () => {
    expect(count("dist/app.js", [`function a(){${"x;".repeat(300)}}`])).toBe(0);
  });
});
