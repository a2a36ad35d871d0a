/**
 * The little of a file system the rules need, passed in so they run (and test) without a disk. The node adapter
 * is `nodeFs` in `@vextrus/config/node`.
 */
export interface ConfigFs {
  /** The file's text, or undefined when there is no such file. */
  readText(path: string): string | undefined;
  /** Whether anything (file or folder) exists at `path`. */
  exists(path: string): boolean;
}

export type Env = Readonly<Record<string, string | undefined>>;

/** What the rules take from the outside world. */
export interface ConfigInputs {
  /** The working folder (a hook's input `cwd`, the CLI's process.cwd()). */
  cwd: string;
  env: Env;
  /** The user's home folder. */
  home: string;
  fs: ConfigFs;
}
