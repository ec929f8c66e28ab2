import { Code, ConnectError } from "@connectrpc/connect";
import { describe, expect, it } from "vitest";
import { createPageTokenCodec } from "./create-page-token-codec.js";

const code = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    return [(error as ConnectError).code, (error as ConnectError).rawMessage];
  }
  return undefined;
};

describe("createPageTokenCodec", () => {
  const codec = createPageTokenCodec(new Uint8Array(32));

  it("round-trips a cursor for its parent", () => {
    const token = codec.encode("repositories/101", 42);
    expect(token).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
    expect(codec.decode(token, "repositories/101")).toBe(42);
  });

  it("refuses a token for another parent", () => {
    const token = codec.encode("repositories/101", 42);
    expect(code(() => codec.decode(token, "repositories/102"))).toEqual([
      Code.InvalidArgument,
      "page_token: was issued for another parent; pass the parent of the first request",
    ]);
  });

  it.each(["garbage", "a.b.c", ".", "eyJ2IjoxLCJwIjoicmVwb3NpdG9yaWVzLzEwMSIsImEiOjQyfQ"])(
    "refuses %j as invalid_argument",
    (token) => {
      expect(code(() => codec.decode(token, "repositories/101"))).toEqual([
        Code.InvalidArgument,
        "page_token: is not a page token issued by this server",
      ]);
    },
  );

  it("refuses an edited token and one from another server", () => {
    const [payload = "", mac = ""] = codec.encode("repositories/101", 42).split(".");
    const edited = Buffer.from(Buffer.from(payload, "base64url").toString().replace("42", "41")).toString(
      "base64url",
    );
    expect(code(() => codec.decode(`${edited}.${mac}`, "repositories/101"))?.[0]).toBe(Code.InvalidArgument);
    const other = createPageTokenCodec().encode("repositories/101", 42);
    expect(code(() => codec.decode(other, "repositories/101"))?.[0]).toBe(Code.InvalidArgument);
  });

  it("is an error of the Connect family", () => {
    expect(() => codec.decode("x", "p")).toThrow(ConnectError);
  });
});
