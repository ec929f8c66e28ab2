import type { AclFragment, FragmentParser } from "./acl-fragment.js";
import { CsvFragmentParser } from "./csv-fragment-parser.js";
import type { InputFormat } from "./input-types.js";
import { JsonFragmentParser } from "./json-fragment-parser.js";
import { NdjsonFragmentParser } from "./ndjson-fragment-parser.js";

/** The reader of one file in `format`, reporting its fragments to `onFragment` in file order. */
export function createFragmentParser(
  format: InputFormat,
  file: string,
  maxRecordBytes: number,
  onFragment: (fragment: AclFragment) => void,
): FragmentParser {
  switch (format) {
    case "ndjson":
      return new NdjsonFragmentParser(file, maxRecordBytes, onFragment);
    case "json":
      return new JsonFragmentParser(file, maxRecordBytes, onFragment);
    case "csv":
      return new CsvFragmentParser(file, maxRecordBytes, onFragment);
  }
}
