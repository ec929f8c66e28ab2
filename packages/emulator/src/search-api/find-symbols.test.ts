import { describe, expect, it } from "vitest";
import { findSymbols } from "./find-symbols.js";

const names = (language: string, content: string) =>
  findSymbols(language, content).map(({ name, kind, line }) => `${line}:${kind}:${name}`);

describe("findSymbols", () => {
  it("finds Go functions, methods, types, constants and variables", () => {
    const go = [
      "package main",
      "func main() {}",
      "func (s *Server) Serve() error {",
      "type Server struct {",
      "type Handler interface {",
      "type ID string",
      "const Port = 80",
      "var debug bool",
      "\tfunc nested() {}",
    ].join("\n");
    expect(names("Go", go)).toEqual([
      "1:FUNCTION:main",
      "2:METHOD:Serve",
      "3:STRUCT:Server",
      "4:INTERFACE:Handler",
      "5:CLASS:ID",
      "6:CONSTANT:Port",
      "7:VARIABLE:debug",
    ]);
  });

  it("finds TypeScript (and JavaScript) declarations, exported or not", () => {
    const ts = [
      "export function greet(name: string) {",
      "export default class App {}",
      "interface Options {}",
      "export enum Color { Red }",
      "export type Id = string;",
      "export const VERSION = '1';",
      "let counter = 0;",
      "  return greet(x);",
    ].join("\n");
    const expected = ["0:FUNCTION:greet", "1:CLASS:App", "2:INTERFACE:Options", "3:ENUM:Color", "4:CLASS:Id"];
    expect(names("TypeScript", ts)).toEqual([...expected, "5:CONSTANT:VERSION", "6:VARIABLE:counter"]);
    expect(names("JavaScript", ts)).toEqual(names("TypeScript", ts));
  });

  it("finds Python, Ruby, Rust and Java definitions", () => {
    expect(names("Python", "def run():\nclass A:\n    def go(self):")).toEqual([
      "0:FUNCTION:run",
      "1:CLASS:A",
      "2:METHOD:go",
    ]);
    expect(names("Ruby", "module M\n  class C\n    def ok?")).toEqual([
      "0:MODULE:M",
      "1:CLASS:C",
      "2:METHOD:ok?",
    ]);
    expect(names("Rust", "pub fn new() {}\nstruct P;\npub(crate) enum E {}\ntrait T {}\nmod m;")).toEqual([
      "0:FUNCTION:new",
      "1:STRUCT:P",
      "2:ENUM:E",
      "3:INTERFACE:T",
      "4:MODULE:m",
    ]);
    expect(names("Java", "public final class Main {\n  public static void main(String[] args) {")).toEqual([
      "0:CLASS:Main",
      "1:METHOD:main",
    ]);
  });

  it("gives the name's string index in its line, and nothing for other languages", () => {
    expect(findSymbols("Go", "func (s *S) Do() {}")[0]).toMatchObject({ name: "Do", index: 12 });
    expect(findSymbols("Markdown", "# def x():")).toEqual([]);
    expect(findSymbols(undefined, "func main() {}")).toEqual([]);
  });
});
