import { type Argument, Command, type ErrorOptions } from "commander";

/** `cost daily`: the command below `vextrus` as a person typed it ("" for `vextrus` itself). */
function commandPath(cmd: Command): string {
  const names: string[] = [];
  for (let c: Command | null = cmd; c?.parent; c = c.parent) names.unshift(c.name());
  return names.join(" ");
}

/** `cost foo` or `foo`: a word typed after the command. */
const after = (path: string, word: string) => (path === "" ? word : `${path} ${word}`);

/** An argument as help spells it: `<description>`, `[agent]`. */
function argumentUsage(arg: Argument): string {
  const name = `${arg.name()}${arg.variadic ? "..." : ""}`;
  return arg.required ? `<${name}>` : `[${name}]`;
}

/** A value as typed, quoted only where it would otherwise be invisible or ambiguous. */
function shown(value: string): string {
  return value === "" || /\s/.test(value) ? JSON.stringify(value) : value;
}

/** Commander's own "(Did you mean x?)", kept on the same line. */
function suggestion(message: string): string {
  const match = /\n\(Did you mean (.*)\?\)\s*$/.exec(message);
  return match ? ` (did you mean ${match[1]}?)` : "";
}

/** `Allowed choices are a, b.` (commander's `.choices()`) → `expected one of a, b`. */
function reason(text: string): string {
  const choices = /^Allowed choices are (.*)\.$/.exec(text.trim());
  return choices ? `expected one of ${choices[1]}` : text.trim();
}

/** Anything else commander says, still on one line and under our name. */
const plain = (message: string) =>
  `vextrus: ${message
    .replace(/^error: /, "")
    .replace(/\s*\n\s*/g, " ")
    .trim()}`;

/**
 * Commander's parse errors as one line, `vextrus: <input>: expected …`, naming what was typed and what would have
 * been accepted. The patterns match commander 15's messages (pinned); any other keeps commander's words, on one line.
 */
export function oneLineParseError(cmd: Command, message: string, code: string | undefined): string {
  const path = commandPath(cmd);
  const subcommands = cmd.commands.map((c) => c.name());
  switch (code) {
    case "commander.unknownCommand":
    case "commander.excessArguments": {
      const extra = cmd.args.slice(cmd.registeredArguments.length);
      // `vextrus cost foo`: a command with subcommands and its own action reports a stray word as "too many arguments".
      if (subcommands.length > 0) {
        const typed = code === "commander.unknownCommand" ? cmd.args[0] : extra[0];
        return `vextrus: ${after(path, shown(typed ?? ""))}: unknown command; expected one of ${subcommands.join(", ")}${suggestion(message)}`;
      }
      const takes = cmd.registeredArguments.map(argumentUsage);
      return `vextrus: ${after(path, extra.map(shown).join(" "))}: unexpected argument; expected ${takes.length === 0 ? "no arguments" : `only ${takes.join(" ")}`}`;
    }
    case "commander.unknownOption": {
      const flag = /unknown option '([^']*)'/.exec(message)?.[1] ?? "";
      const flags = cmd.options.filter((o) => !o.hidden).map((o) => o.long ?? o.short ?? "");
      return `vextrus: ${shown(flag)}: unknown option${path === "" ? "" : ` of ${path}`}; expected one of ${[...flags, "--help"].join(", ")}${suggestion(message)}`;
    }
    case "commander.invalidArgument": {
      const option = /^error: option '([^']*)' argument '(.*)' is invalid\. ([\s\S]*)$/.exec(message);
      if (option) {
        const long = /--[\w-]+/.exec(option[1] ?? "")?.[0] ?? option[1];
        return `vextrus: ${long} ${shown(option[2] ?? "")}: ${reason(option[3] ?? "")}`;
      }
      const argument =
        /^error: command-argument value '(.*)' is invalid for argument '([^']*)'\. ([\s\S]*)$/.exec(message);
      if (argument) return `vextrus: ${after(path, shown(argument[1] ?? ""))}: ${reason(argument[3] ?? "")}`;
      return plain(message);
    }
    case "commander.missingArgument": {
      const name = /missing required argument '([^']*)'/.exec(message)?.[1];
      const arg = cmd.registeredArguments.find((a) => a.name() === name);
      return `vextrus: ${path}: expected ${arg ? argumentUsage(arg) : name}${arg?.description ? ` (${arg.description})` : ""}`;
    }
    case "commander.optionMissingArgument": {
      const flags = /option '([^']*)' argument missing/.exec(message)?.[1] ?? "";
      return `vextrus: ${/--[\w-]+/.exec(flags)?.[0] ?? flags}: expected a value (${flags})`;
    }
    default:
      return plain(message);
  }
}

/**
 * The `vextrus` program and every subcommand: commander, with its parse errors (unknown command or option, a bad
 * value, a missing argument) reported as one line a person can act on. Exit codes stay commander's (1).
 */
export class VextrusCommand extends Command {
  override createCommand(name?: string): VextrusCommand {
    return new VextrusCommand(name);
  }

  override error(message: string, errorOptions?: ErrorOptions): never {
    return super.error(oneLineParseError(this, message, errorOptions?.code), errorOptions);
  }
}
