import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { invalidArgument } from "./resource-names.js";

/** Makes and reads List page tokens. */
export interface PageTokenCodec {
  /** A token that continues the listing of `parent` after the id `after`. */
  encode(parent: string, after: number): string;
  /**
   * The id to continue after; `invalid_argument` naming `page_token` when the token was not issued by this
   * server, is damaged, or was issued for another parent.
   */
  decode(token: string, parent: string): number;
}

const VERSION = 1;

/**
 * Page tokens are opaque: base64url of `{"v":1,"p":<parent>,"a":<last id>}` and a MAC under a key of this
 * server. The cursor is the last id returned, not an offset, so a listing stays correct while permissions are
 * created or deleted between pages: every pair present for the whole listing is seen exactly once. The MAC
 * makes a garbage or hand-edited token an `invalid_argument` instead of a silently wrong page.
 *
 * @param key - the MAC key; a random one by default (tokens then die with the server, as they may on a real one).
 */
export function createPageTokenCodec(key: Uint8Array = randomBytes(32)): PageTokenCodec {
  const mac = (payload: string) => createHmac("sha256", key).update(payload).digest().subarray(0, 12);
  return {
    encode(parent, after) {
      const payload = Buffer.from(JSON.stringify({ v: VERSION, p: parent, a: after })).toString("base64url");
      return `${payload}.${mac(payload).toString("base64url")}`;
    },
    decode(token, parent) {
      const [payload = "", signature = "", extra] = token.split(".");
      const expected = mac(payload);
      const given = Buffer.from(signature, "base64url");
      if (extra !== undefined || given.length !== expected.length || !timingSafeEqual(given, expected)) {
        throw invalidArgument("page_token", "is not a page token issued by this server");
      }
      const cursor = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as {
        v?: unknown;
        p?: unknown;
        a?: unknown;
      };
      if (
        cursor.v !== VERSION ||
        typeof cursor.a !== "number" ||
        !Number.isInteger(cursor.a) ||
        cursor.a < 1
      ) {
        throw invalidArgument("page_token", "is not a page token issued by this server");
      }
      if (cursor.p !== parent) {
        throw invalidArgument(
          "page_token",
          "was issued for another parent; pass the parent of the first request",
        );
      }
      return cursor.a;
    },
  };
}
