import type { AclFragment, FragmentParser } from "./acl-fragment.js";
import { JsonRecordParser } from "./json-record-parser.js";
import { lineAt } from "./line-at.js";
import { parseAclRecord } from "./parse-acl-record.js";

/**
 * Reads a JSON ACL file: an array of records, or one record (a legacy mutation's variables file), streamed
 * record by record.
 */
export class JsonFragmentParser implements FragmentParser {
  readonly #parser: JsonRecordParser;

  constructor(file: string, maxRecordBytes: number, onFragment: (fragment: AclFragment) => void) {
    this.#parser = new JsonRecordParser({
      file,
      topLevel: "records",
      maxRecordBytes,
      onRecord: (value, lines) => onFragment(parseAclRecord(value, file, (path) => lineAt(lines, path))),
    });
  }

  push(chunk: Uint8Array): void {
    this.#parser.push(chunk);
  }

  end(): void {
    this.#parser.end();
  }
}
