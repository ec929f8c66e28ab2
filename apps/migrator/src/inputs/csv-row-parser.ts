import { decodeLine } from "./decode-line.js";
import { excerpt } from "./excerpt.js";
import { InputError } from "./input-error.js";
import { LineSplitter } from "./line-splitter.js";
import { tooLongError } from "./too-long-error.js";

/** Where a {@link CsvRowParser} reports rows, and the limit it applies. */
export interface CsvRowParserOptions {
  readonly file: string;
  /** A row (all its lines, when a quoted field spans several) longer than this is refused. */
  readonly maxRecordBytes: number;
  /** Called with each row's fields (as written, unquoted) and the line where the row starts. */
  readonly onRow: (fields: string[], line: number) => void;
}

/**
 * RFC 4180 CSV, fed bytes chunk by chunk: fields separated by commas, quoted fields with doubled quotes inside
 * and line breaks allowed, LF or CRLF line ends. Blank lines are skipped. A quote inside an unquoted field,
 * text after a closing quote, and a quote left open at the end of the file are errors.
 */
export class CsvRowParser {
  readonly #options: CsvRowParserOptions;
  readonly #splitter: LineSplitter;
  #fields: string[] = [];
  #field = "";
  /** The row being read continues on the next line, inside a quoted field. */
  #inQuotes = false;
  #quoteLine = 0;
  #rowLine = 0;
  #rowBytes = 0;

  constructor(options: CsvRowParserOptions) {
    this.#options = options;
    this.#splitter = new LineSplitter({
      file: options.file,
      maxLineBytes: options.maxRecordBytes,
      onLine: (bytes, line) => this.#readLine(bytes, line),
    });
  }

  push(chunk: Uint8Array): void {
    this.#splitter.push(chunk);
  }

  end(): void {
    this.#splitter.end();
    if (this.#inQuotes) {
      throw new InputError("unterminated quoted field: its opening quote is never closed", {
        file: this.#options.file,
        line: this.#quoteLine,
      });
    }
  }

  #readLine(bytes: Uint8Array, line: number): void {
    const { file, maxRecordBytes } = this.#options;
    const decoded = decodeLine(bytes, file, line);
    const text = decoded.endsWith("\r") ? decoded.slice(0, -1) : decoded;
    if (this.#inQuotes) {
      this.#rowBytes += bytes.length + 1;
      if (this.#rowBytes > maxRecordBytes) throw tooLongError("row", file, this.#rowLine, maxRecordBytes);
      this.#field += "\n";
    } else {
      if (text.trim() === "") return;
      this.#rowLine = line;
      this.#rowBytes = bytes.length;
    }
    let i = 0;
    for (;;) {
      if (this.#inQuotes) {
        const quote = text.indexOf('"', i);
        if (quote === -1) {
          this.#field += text.slice(i);
          return;
        }
        this.#field += text.slice(i, quote);
        if (text[quote + 1] === '"') {
          this.#field += '"';
          i = quote + 2;
          continue;
        }
        this.#inQuotes = false;
        i = quote + 1;
        if (i === text.length) break;
        if (text[i] !== ",") {
          throw new InputError(
            `unexpected "${excerpt(text.slice(i, i + 10))}" after a closing quote (a quoted field ends at a comma or the end of the row)`,
            { file, line },
          );
        }
      } else if (text[i] === '"') {
        this.#inQuotes = true;
        this.#quoteLine = line;
        i += 1;
        continue;
      } else {
        const comma = text.indexOf(",", i);
        const end = comma === -1 ? text.length : comma;
        this.#field = text.slice(i, end);
        if (this.#field.includes('"')) {
          throw new InputError(
            'a quote inside an unquoted field: quote the whole field and double the quotes in it ("a""b")',
            { file, line },
          );
        }
        if (comma === -1) break;
        i = comma;
      }
      // At a comma that ends the field.
      this.#fields.push(this.#field);
      this.#field = "";
      i += 1;
    }
    this.#fields.push(this.#field);
    const fields = this.#fields;
    this.#fields = [];
    this.#field = "";
    this.#options.onRow(fields, this.#rowLine);
  }
}
