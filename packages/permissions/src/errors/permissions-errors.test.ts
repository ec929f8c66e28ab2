import { SourcegraphError } from "@sgkit/core";
import { describe, expect, it } from "vitest";
import { AlreadyExistsError } from "./already-exists-error.js";
import { InvalidResourceNameError } from "./invalid-resource-name-error.js";
import { LicenseRequiredError } from "./license-required-error.js";
import { NotFoundError } from "./not-found-error.js";

describe("the package's errors", () => {
  it.each([
    [new NotFoundError("n"), "NotFoundError", "not_found", 404],
    [new AlreadyExistsError("a"), "AlreadyExistsError", "already_exists", 409],
    [new LicenseRequiredError("l"), "LicenseRequiredError", "failed_precondition", 400],
    [
      new InvalidResourceNameError("i", { value: "x", resourceKind: "user" }),
      "InvalidResourceNameError",
      "invalid_argument",
      undefined,
    ],
  ])("%s is in core's family with its code and status, and not retryable", (error, name, code, status) => {
    expect(error).toBeInstanceOf(SourcegraphError);
    expect(SourcegraphError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ name, code, status, isRetryable: false });
    expect(error.toJSON()).toMatchObject({ name, code });
  });

  it("are told apart by instanceof, also across duplicate installs", () => {
    const error = new NotFoundError("gone");
    // A second copy of the package has other classes; only the brand carried by the instance is shared.
    const clone = Object.setPrototypeOf(
      Object.defineProperties({}, Object.getOwnPropertyDescriptors(error)),
      Error.prototype,
    );
    for (const symbol of Object.getOwnPropertySymbols(error)) {
      Object.defineProperty(clone, symbol, { value: (error as never)[symbol] });
    }
    expect(clone instanceof NotFoundError).toBe(true);
    expect(clone instanceof AlreadyExistsError).toBe(false);
    expect(clone instanceof SourcegraphError).toBe(true);
  });

  it("keeps what a malformed name was meant to be, in toJSON too", () => {
    const error = new InvalidResourceNameError("bad", { value: 0, resourceKind: "repository" });
    expect(error.toJSON()).toMatchObject({ value: 0, resourceKind: "repository" });
  });
});
