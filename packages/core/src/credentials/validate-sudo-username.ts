import { ConfigurationError } from "../errors/configuration-error.js";

/** Characters that would end the quoted `user="…"` value or the header's parameter list. */
const HEADER_DELIMITERS = new Set(['"', ",", "\\"]);

/**
 * Checks a username for `Authorization: token-sudo user="<name>",…`. A name containing `"`, `,`, `\`,
 * whitespace or a control character (C0, DEL or C1) can never be a valid Sourcegraph user, and would build a
 * broken or injectable header, so it is refused before anything is sent.
 *
 * @throws ConfigurationError saying which character is at fault and where (0-based, in characters), such as
 *   `sudo username contains '"' at position 3`.
 */
export function validateSudoUsername(user: string): void {
  // Untyped configuration (JSON, environment) can leave the name out altogether.
  if (typeof user !== "string") throw new ConfigurationError("sudo username is missing", { setting: "user" });
  if (user === "") throw new ConfigurationError("sudo username is empty", { setting: "user" });
  let position = 0;
  for (const char of user) {
    const problem = describe(char);
    if (problem !== undefined) {
      throw new ConfigurationError(`sudo username contains ${problem} at position ${position}`, {
        setting: "user",
      });
    }
    position++;
  }
}

function describe(char: string): string | undefined {
  if (HEADER_DELIMITERS.has(char)) return `'${char}'`;
  const code = char.codePointAt(0) ?? 0;
  // Invisible characters are named by code point: printed as they are, they would be unreadable in a message.
  const codePoint = `U+${code.toString(16).toUpperCase().padStart(4, "0")}`;
  if (/\s/u.test(char)) return `whitespace (${codePoint})`;
  if (code < 0x20 || (code >= 0x7f && code <= 0x9f)) return `a control character (${codePoint})`;
  return undefined;
}
