import { describe, expect, it } from "vitest";
import { parseUserPart } from "./parse-user-part.js";

describe("parseUserPart", () => {
  it("tells the three user forms apart", () => {
    expect(parseUserPart("456")).toEqual({ form: "id", id: 456 });
    expect(parseUserPart("@alice")).toEqual({ form: "username", username: "alice" });
    expect(parseUserPart("alice@example.com")).toEqual({ form: "email", email: "alice@example.com" });
  });

  it("refuses what would change a path or a header", () => {
    for (const part of [
      "alice",
      "@",
      "@ alice",
      "@al\u0000ice",
      "al\tice@x",
      "a@b/c",
      "a@b?c",
      "a@b#c",
      "a@b%2f",
      'a"@b',
      "a@b\r\n",
    ]) {
      expect(parseUserPart(part)).toBeUndefined();
    }
  });
});
