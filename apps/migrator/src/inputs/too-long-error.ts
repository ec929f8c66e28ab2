import { InputError } from "./input-error.js";

const MIB = 1024 * 1024;

/** The {@link InputError} for a line or record longer than `maxRecordBytes`, at the line where it starts. */
export function tooLongError(
  what: "line" | "record" | "row",
  file: string,
  line: number,
  maxRecordBytes: number,
): InputError {
  const limit = maxRecordBytes % MIB === 0 ? `${maxRecordBytes / MIB} MiB` : `${maxRecordBytes} bytes`;
  return new InputError(`${what} longer than ${limit} (the maxRecordBytes limit)`, { file, line });
}
