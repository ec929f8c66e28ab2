import { MigratorError } from "../errors/migrator-error.js";

const UNIT_MS = { d: 86_400_000, h: 3_600_000, m: 60_000, s: 1000 } as const;
/** Whole numbers of days, hours, minutes and seconds, each at most once and largest first: `1d12h`, `1h30m`. */
const DURATION = /^(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/;

/**
 * Parses a duration such as `90s`, `30m`, `2h`, `7d` or `1h30m` into milliseconds: whole numbers of the units
 * `d`, `h`, `m` and `s`, largest first, each at most once; surrounding whitespace is ignored. `0s` is 0.
 *
 * @param option The flag being parsed (`--max-plan-age`), which the error names.
 * @throws MigratorError `--max-plan-age: "2x" is not a duration; use e.g. 30m, 2h, 7d` for anything else,
 *   a bare number included (its unit would be a guess).
 */
export function parseDuration(text: string, option: string): number {
  const match = DURATION.exec(text.trim());
  if (match === null || text.trim() === "") {
    throw new MigratorError(`${option}: ${JSON.stringify(text)} is not a duration; use e.g. 30m, 2h, 7d`);
  }
  const [, days, hours, minutes, seconds] = match;
  const ms =
    Number(days ?? 0) * UNIT_MS.d +
    Number(hours ?? 0) * UNIT_MS.h +
    Number(minutes ?? 0) * UNIT_MS.m +
    Number(seconds ?? 0) * UNIT_MS.s;
  if (!Number.isSafeInteger(ms))
    throw new MigratorError(`${option}: ${JSON.stringify(text)} is too long a duration`);
  return ms;
}
