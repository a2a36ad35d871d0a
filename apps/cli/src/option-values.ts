import { accessSync, constants, existsSync, statSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { InvalidArgumentError } from "commander";

// Parsers for commander's `.argParser`: a value is checked while the command line is read, before anything runs,
// and a bad one becomes one line naming the option, the value and what it accepts (see program.ts).

/** A whole number from `min` to `max` (`--days 30`); `abc`, `2.5`, `-5` and out-of-range values are refused. */
export function wholeNumber(min: number, max = Number.MAX_SAFE_INTEGER): (value: string) => number {
  const range = max === Number.MAX_SAFE_INTEGER ? `${min} or more` : `from ${min} to ${max}`;
  return (value) => {
    const n = /^\d+$/.test(value.trim()) ? Number(value) : Number.NaN;
    if (!(n >= min && n <= max)) throw new InvalidArgumentError(`expected a whole number ${range}`);
    return n;
  };
}

/**
 * A file the command will write (`--out`), relative to `cwd`: its folder must exist, it must not be a folder, and
 * it must be writable. Checked up front so a long report is not computed only to be lost.
 */
export function outputFile(cwd: string): (value: string) => string {
  return (value) => {
    const path = resolve(cwd, value);
    const folder = dirname(path);
    if (existsSync(path) && statSync(path).isDirectory())
      throw new InvalidArgumentError("expected a file to write, but this is a folder");
    if (!existsSync(folder))
      throw new InvalidArgumentError(`expected a file in an existing folder; ${folder} does not exist`);
    if (!statSync(folder).isDirectory())
      throw new InvalidArgumentError(`expected a file in a folder; ${folder} is a file`);
    try {
      accessSync(existsSync(path) ? path : folder, constants.W_OK);
    } catch {
      throw new InvalidArgumentError(
        `expected a file you may write; ${existsSync(path) ? path : folder} is not writable`,
      );
    }
    return value;
  };
}

/** A file the command will read (`--history`), relative to `cwd`; one that does not exist yet is the command's call. */
export function inputFile(cwd: string): (value: string) => string {
  return (value) => {
    const path = resolve(cwd, value);
    if (existsSync(path) && statSync(path).isDirectory())
      throw new InvalidArgumentError("expected a file to read, but this is a folder");
    return value;
  };
}
