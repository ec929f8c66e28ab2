import type { AclFragment, FragmentParser } from "./acl-fragment.js";
import { decodeLine } from "./decode-line.js";
import { InputError } from "./input-error.js";
import { JsonRecordParser } from "./json-record-parser.js";
import { LineSplitter } from "./line-splitter.js";
import { parseAclRecord } from "./parse-acl-record.js";

/**
 * Reads an NDJSON ACL file: one record per line, blank lines skipped. Lines go through `JSON.parse` (fast);
 * one it refuses is read again by {@link JsonRecordParser} only to say what is wrong and where.
 */
export class NdjsonFragmentParser implements FragmentParser {
  readonly #splitter: LineSplitter;

  constructor(file: string, maxRecordBytes: number, onFragment: (fragment: AclFragment) => void) {
    this.#splitter = new LineSplitter({
      file,
      maxLineBytes: maxRecordBytes,
      onLine: (bytes, line) => {
        const text = decodeLine(bytes, file, line);
        if (text.trim() === "") return;
        let value: unknown;
        try {
          value = JSON.parse(text);
        } catch (error) {
          throw explainInvalidLine(bytes, file, line, error);
        }
        onFragment(parseAclRecord(value, file, () => line));
      },
    });
  }

  push(chunk: Uint8Array): void {
    this.#splitter.push(chunk);
  }

  end(): void {
    this.#splitter.end();
  }
}

function explainInvalidLine(bytes: Uint8Array, file: string, line: number, cause: unknown): InputError {
  const parser = new JsonRecordParser({
    file,
    topLevel: "object",
    maxRecordBytes: Number.POSITIVE_INFINITY,
    firstLine: line,
    onRecord: () => {},
  });
  try {
    parser.push(bytes);
    parser.end();
  } catch (error) {
    if (error instanceof InputError) return error;
    throw error;
  }
  return new InputError("invalid JSON", { file, line, cause });
}
