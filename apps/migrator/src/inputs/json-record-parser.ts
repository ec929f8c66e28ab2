import { excerpt, InputError, type LineTree, tooLongError } from "./input-error.js";

/** What a {@link JsonRecordParser} accepts at the top level, and where it reports records. */
export interface JsonRecordParserOptions {
  readonly file: string;
  /**
   * `"records"`: a JSON file, an array of record objects or one record object. `"object"`: exactly one object
   * (an NDJSON line).
   */
  readonly topLevel: "records" | "object";
  /** A record (from its `{` to its `}`) longer than this is refused as soon as it grows past it. */
  readonly maxRecordBytes: number;
  /** The line number of the first byte (an NDJSON line's number); 1 when absent. */
  readonly firstLine?: number;
  /** Called with each record, its lines, and the line where it starts. */
  readonly onRecord: (value: unknown, lines: LineTree, line: number) => void;
}

/** A record of a JSON file being gathered, with just enough state to find its end. */
interface Capture {
  readonly parts: Uint8Array[];
  depth: number;
  inString: boolean;
  /** Backslashes just before the current position in a string: an odd run escapes the next quote. */
  backslashes: number;
  /** Outside strings (a raw one inside a string is an error that the full reader reports). */
  lineBreaks: number;
}

interface Frame {
  readonly value: Record<string, unknown> | unknown[];
  readonly lines: Map<string, LineTree> | LineTree[];
  readonly line: number;
  key: string;
}

// What the next non-blank byte may be.
const TOP_START = 0;
const TOP_FIRST = 1;
const TOP_NEXT = 2;
const TOP_AFTER = 3;
const TOP_END = 4;
const VALUE = 5;
const VALUE_OR_CLOSE = 6;
const KEY_OR_CLOSE = 7;
const KEY = 8;
const COLON = 9;
const COMMA_OR_CLOSE = 10;

// The token being read, which may span chunks.
const NONE = 0;
const STRING = 1;
const NUMBER = 2;
const LITERAL = 3;

const NUMBER_SYNTAX = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/;
const LITERALS: ReadonlyMap<string, unknown> = new Map([
  ["true", true],
  ["false", false],
  ["null", null],
]);

const EXPECTED: readonly string[] = [
  "", // TOP_START depends on the top level
  'an ACL record (an object) or "]"',
  "an ACL record (an object)",
  '"," or "]" after a record',
  "", // TOP_END has a message of its own
  "a value",
  'a value or "]"',
  'a field name or "}"',
  "a field name in double quotes",
  '":" after the field name',
  "", // COMMA_OR_CLOSE depends on the container
];

const decoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

function isWordByte(b: number): boolean {
  return (
    (b >= 0x30 && b <= 0x39) ||
    (b >= 0x61 && b <= 0x7a) ||
    (b >= 0x41 && b <= 0x5a) ||
    b === 0x2b ||
    b === 0x2d ||
    b === 0x2e
  );
}

function startsValue(b: number): boolean {
  return b === 0x22 || b === 0x5b || b === 0x7b || isWordByte(b);
}

function describeAscii(b: number): string {
  if (b === 0x22) return "a string";
  if (b === 0x7b) return "an object";
  if (b === 0x5b) return "an array";
  if (b === 0x2d || (b >= 0x30 && b <= 0x39)) return "a number";
  if (b < 0x20 || b === 0x7f) return `control character U+${b.toString(16).padStart(4, "0").toUpperCase()}`;
  return `"${excerpt(String.fromCharCode(b))}"`;
}

function utf8SequenceLength(lead: number): number {
  if (lead >= 0xc2 && lead <= 0xdf) return 2;
  if (lead >= 0xe0 && lead <= 0xef) return 3;
  if (lead >= 0xf0 && lead <= 0xf4) return 4;
  return 0;
}

function isBlank(b: number): boolean {
  return b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09;
}

/**
 * A streaming JSON reader for ACL records, fed bytes chunk by chunk. It holds one record at a time, never the
 * document, so a JSON array of any size is read in memory bounded by its largest record; the top level may only
 * be an array of objects or one object, checked before anything else is buffered. Each record comes with the
 * line of every value, for messages. It refuses NUL bytes and invalid UTF-8 at their line, and a record that
 * grows past `maxRecordBytes` as soon as it does.
 */
export class JsonRecordParser {
  readonly #options: JsonRecordParserOptions;
  #expect = TOP_START;
  /** Whether the document is an array of records rather than one record. */
  #inArray = false;
  #line: number;
  /** Bytes before the current chunk. */
  #offset = 0;
  readonly #stack: Frame[] = [];
  #recordLine = 0;
  /** The offset at which the current record becomes too long. */
  #recordLimit = 0;
  /** The record of a JSON file being gathered whole (see `#readCaptured`). */
  #capture: Capture | undefined;
  #token = NONE;
  #tokenLine = 0;
  #stringParts: Uint8Array[] = [];
  #stringIsKey = false;
  #escaped = false;
  #hasEscape = false;
  #word = "";

  constructor(options: JsonRecordParserOptions) {
    this.#options = options;
    this.#line = options.firstLine ?? 1;
  }

  push(chunk: Uint8Array): void {
    const length = chunk.length;
    let i = 0;
    while (i < length) {
      const inRecord = this.#capture !== undefined || this.#stack.length > 0;
      const end = inRecord ? Math.min(length, this.#recordLimit - this.#offset) : length;
      if (i >= end) {
        throw tooLongError("record", this.#options.file, this.#recordLine, this.#options.maxRecordBytes);
      }
      if (this.#capture !== undefined) {
        i = this.#readCaptured(this.#capture, chunk, i, end);
      } else if (this.#token === STRING) {
        i = this.#readString(chunk, i, end);
      } else if (this.#token !== NONE) {
        i = this.#readWord(chunk, i, end);
      } else {
        const b = chunk[i] as number;
        if (isBlank(b)) {
          if (b === 0x0a) this.#line += 1;
          i += 1;
        } else {
          this.#structural(chunk, i);
          i += 1;
        }
      }
    }
    this.#offset += length;
  }

  end(): void {
    const { file } = this.#options;
    if (this.#capture !== undefined) {
      // An unclosed record: let the full reader say where it breaks off.
      this.#explainCaptured(this.#capture.parts).end();
    }
    if (this.#token === STRING) {
      throw new InputError("invalid JSON: unterminated string", { file, line: this.#tokenLine });
    }
    if (this.#stack.length > 0 || this.#capture !== undefined) {
      throw new InputError("invalid JSON: the record is not closed", { file, line: this.#recordLine });
    }
    if (this.#expect !== TOP_START && this.#expect !== TOP_END) {
      throw new InputError('invalid JSON: the array of records is not closed with "]"', {
        file,
        line: this.#line,
      });
    }
  }

  #structural(chunk: Uint8Array, i: number): void {
    const b = chunk[i] as number;
    const expect = this.#expect;
    const top = this.#stack.at(-1);
    const wantsValue = expect === VALUE || expect === VALUE_OR_CLOSE;
    const wantsRecord = expect === TOP_START || expect === TOP_FIRST || expect === TOP_NEXT;
    switch (b) {
      case 0x7b: // {
        if (wantsRecord) {
          this.#recordLine = this.#line;
          this.#recordLimit = this.#offset + i + this.#options.maxRecordBytes;
          if (this.#options.topLevel === "records") {
            this.#capture = {
              parts: [Uint8Array.of(b)],
              depth: 1,
              inString: false,
              backslashes: 0,
              lineBreaks: 0,
            };
            return;
          }
        }
        if (wantsRecord || wantsValue) {
          this.#stack.push({ value: Object.create(null), lines: new Map(), line: this.#line, key: "" });
          this.#expect = KEY_OR_CLOSE;
          return;
        }
        break;
      case 0x5b: // [
        if (expect === TOP_START && this.#options.topLevel === "records") {
          this.#inArray = true;
          this.#expect = TOP_FIRST;
          return;
        }
        if (wantsValue) {
          this.#stack.push({ value: [], lines: [], line: this.#line, key: "" });
          this.#expect = VALUE_OR_CLOSE;
          return;
        }
        break;
      case 0x7d: // }
        if (expect === KEY_OR_CLOSE || (expect === COMMA_OR_CLOSE && !Array.isArray(top?.value))) {
          this.#close();
          return;
        }
        break;
      case 0x5d: // ]
        if (expect === TOP_FIRST || expect === TOP_AFTER) {
          this.#expect = TOP_END;
          return;
        }
        if (expect === VALUE_OR_CLOSE || (expect === COMMA_OR_CLOSE && Array.isArray(top?.value))) {
          this.#close();
          return;
        }
        break;
      case 0x2c: // ,
        if (expect === TOP_AFTER) {
          this.#expect = TOP_NEXT;
          return;
        }
        if (expect === COMMA_OR_CLOSE) {
          this.#expect = Array.isArray(top?.value) ? VALUE : KEY;
          return;
        }
        break;
      case 0x3a: // :
        if (expect === COLON) {
          this.#expect = VALUE;
          return;
        }
        break;
      case 0x22: // "
        if (wantsValue || expect === KEY || expect === KEY_OR_CLOSE) {
          this.#token = STRING;
          this.#tokenLine = this.#line;
          this.#stringIsKey = !wantsValue;
          this.#stringParts = [];
          this.#escaped = false;
          this.#hasEscape = false;
          return;
        }
        break;
      default:
        if (wantsValue && isWordByte(b)) {
          this.#token = b === 0x2d || (b >= 0x30 && b <= 0x39) ? NUMBER : LITERAL;
          this.#tokenLine = this.#line;
          this.#word = String.fromCharCode(b);
          return;
        }
    }
    throw this.#unexpected(chunk, i);
  }

  #unexpected(chunk: Uint8Array, i: number): InputError {
    const { file, topLevel } = this.#options;
    const line = this.#line;
    const b = chunk[i] as number;
    if (b === 0) return new InputError("NUL byte: this is not a text file", { file, line });
    let got: string;
    if (b < 0x80) {
      got = describeAscii(b);
    } else {
      const length = utf8SequenceLength(b);
      if (i + length > chunk.length) {
        got = "a non-ASCII character";
      } else {
        try {
          got = `"${excerpt(decoder.decode(chunk.subarray(i, i + length)))}"`;
        } catch {
          got = "";
        }
      }
      if (length === 0 || got === "") {
        return new InputError("invalid UTF-8: this is not a UTF-8 text file", { file, line });
      }
    }
    const expect = this.#expect;
    if (expect === TOP_END) {
      const what = topLevel === "object" ? "record" : "document";
      return new InputError(`invalid JSON: unexpected ${got} after the end of the ${what}`, { file, line });
    }
    let expected = EXPECTED[expect] as string;
    if (expect === TOP_START) {
      expected =
        topLevel === "records"
          ? "a JSON array of ACL records or one ACL record (an object)"
          : "an ACL record (an object)";
    } else if (expect === COMMA_OR_CLOSE) {
      expected = Array.isArray(this.#stack.at(-1)?.value) ? '"," or "]"' : '"," or "}"';
    }
    // A value where a record belongs is well-formed JSON of the wrong shape, not a syntax error.
    const shapeOnly = (expect === TOP_START || expect === TOP_FIRST || expect === TOP_NEXT) && startsValue(b);
    return new InputError(`${shapeOnly ? "" : "invalid JSON: "}expected ${expected}, got ${got}`, {
      file,
      line,
    });
  }

  #controlInString(b: number): InputError {
    const where = { file: this.#options.file, line: this.#tokenLine };
    if (b === 0) return new InputError("NUL byte: this is not a text file", where);
    if (b === 0x0a)
      return new InputError("invalid JSON: unterminated string (a line break inside it)", where);
    return new InputError(`invalid JSON: ${describeAscii(b)} inside a string must be escaped`, where);
  }

  /**
   * Gathers a JSON file's record up to its closing brace, tracking only strings and nesting, so that a record on
   * one line (the usual case, and every record of a minified file) is parsed whole by `JSON.parse`: all its
   * values share that line, so there is nothing to track token by token. A record spanning lines, or one
   * `JSON.parse` refuses, is read again by a full reader, for the line of every value or of the error.
   */
  #readCaptured(capture: Capture, chunk: Uint8Array, start: number, end: number): number {
    let { depth, inString, backslashes, lineBreaks } = capture;
    let i = start;
    while (i < end && depth > 0) {
      if (inString) {
        // Most of a record is string content: let the native search skip it.
        const quote = chunk.indexOf(0x22, i);
        const stop = quote === -1 || quote >= end ? end : quote;
        let run = 0;
        while (run < stop - i && chunk[stop - 1 - run] === 0x5c) run += 1;
        backslashes = run === stop - i ? backslashes + run : run;
        i = stop;
        if (stop === quote) {
          if (backslashes % 2 === 0) inString = false;
          backslashes = 0;
          i += 1;
        }
        continue;
      }
      const b = chunk[i] as number;
      if (b === 0x22) inString = true;
      else if (b === 0x7b || b === 0x5b) depth += 1;
      else if (b === 0x7d || b === 0x5d) depth -= 1;
      else if (b === 0x0a) lineBreaks += 1;
      i += 1;
    }
    capture.parts.push(chunk.slice(start, i));
    Object.assign(capture, { depth, inString, backslashes, lineBreaks });
    if (depth === 0) {
      this.#capture = undefined;
      this.#finishCaptured(capture);
    }
    return i;
  }

  #finishCaptured(capture: Capture): void {
    const bytes = Buffer.concat(capture.parts);
    let value: unknown;
    let lines: LineTree | undefined;
    if (capture.lineBreaks === 0 && !bytes.includes(0)) {
      try {
        value = JSON.parse(decoder.decode(bytes));
        lines = this.#recordLine;
      } catch {
        // Read again below, to report the error precisely.
      }
    }
    if (lines === undefined) {
      const reader = this.#explainCaptured([bytes], (read, readLines) => {
        value = read;
        lines = readLines;
      });
      reader.end();
    }
    this.#line += capture.lineBreaks;
    this.#deliver(value, lines as LineTree);
  }

  /** A full reader fed a captured record: it throws at the record's first error, with the file's lines. */
  #explainCaptured(
    parts: readonly Uint8Array[],
    onRecord: (value: unknown, lines: LineTree) => void = () => {},
  ): JsonRecordParser {
    const reader = new JsonRecordParser({
      file: this.#options.file,
      topLevel: "object",
      maxRecordBytes: Number.POSITIVE_INFINITY,
      firstLine: this.#recordLine,
      onRecord,
    });
    for (const part of parts) reader.push(part);
    return reader;
  }

  #readString(chunk: Uint8Array, start: number, end: number): number {
    let escaped = this.#escaped;
    let i = start;
    for (; i < end; i++) {
      const b = chunk[i] as number;
      if (b < 0x20) throw this.#controlInString(b);
      if (escaped) {
        escaped = false;
      } else if (b === 0x5c) {
        escaped = true;
        this.#hasEscape = true;
      } else if (b === 0x22) {
        break;
      }
    }
    if (i === end) {
      this.#stringParts.push(chunk.slice(start, end));
      this.#escaped = escaped;
      return end;
    }
    const bytes =
      this.#stringParts.length > 0
        ? Buffer.concat([...this.#stringParts, chunk.subarray(start, i)])
        : chunk.subarray(start, i);
    this.#stringParts = [];
    this.#token = NONE;
    this.#finishString(bytes);
    return i + 1;
  }

  #finishString(bytes: Uint8Array): void {
    const { file } = this.#options;
    const line = this.#tokenLine;
    let text: string;
    try {
      text = decoder.decode(bytes);
    } catch (error) {
      throw new InputError("invalid UTF-8: this is not a UTF-8 text file", { file, line, cause: error });
    }
    if (this.#hasEscape) {
      try {
        text = JSON.parse(`"${text}"`) as string;
      } catch (error) {
        throw new InputError("invalid JSON: bad escape sequence in a string", { file, line, cause: error });
      }
    }
    if (this.#stringIsKey) {
      (this.#stack.at(-1) as Frame).key = text;
      this.#expect = COLON;
    } else {
      this.#deliver(text, line);
    }
  }

  #readWord(chunk: Uint8Array, start: number, end: number): number {
    let i = start;
    while (i < end && isWordByte(chunk[i] as number)) i++;
    this.#word += decoder.decode(chunk.subarray(start, i));
    if (i === end) return end;
    const word = this.#word;
    const line = this.#tokenLine;
    this.#token = NONE;
    this.#word = "";
    if (NUMBER_SYNTAX.test(word)) {
      this.#deliver(Number(word), line);
    } else if (LITERALS.has(word)) {
      this.#deliver(LITERALS.get(word), line);
    } else {
      throw new InputError(`invalid JSON: unexpected "${excerpt(word)}"`, { file: this.#options.file, line });
    }
    return i;
  }

  #close(): void {
    const frame = this.#stack.pop() as Frame;
    this.#deliver(frame.value, { line: frame.line, children: frame.lines });
  }

  #deliver(value: unknown, lines: LineTree): void {
    const top = this.#stack.at(-1);
    if (top === undefined) {
      this.#options.onRecord(value, lines, this.#recordLine);
      this.#expect = this.#inArray ? TOP_AFTER : TOP_END;
      return;
    }
    if (Array.isArray(top.value)) {
      top.value.push(value);
      (top.lines as LineTree[]).push(lines);
    } else {
      top.value[top.key] = value;
      (top.lines as Map<string, LineTree>).set(top.key, lines);
    }
    this.#expect = COMMA_OR_CLOSE;
  }
}
