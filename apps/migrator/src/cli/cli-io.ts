/** Where a command writes and what it reads from its environment. */
export interface CliIo {
  /** Results: the diff, reports, `--json` documents. */
  readonly stdout: { write(text: string): unknown };
  /** Messages and progress. `isTTY` and `columns` decide whether progress is a live bar. */
  readonly stderr: { write(text: string): unknown; isTTY?: boolean; columns?: number };
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Aborts the command (SIGINT). */
  readonly signal?: AbortSignal;
  readonly now?: () => number;
}
