import {
  AuthenticationError,
  ConfigurationError,
  NetworkError,
  PermissionDeniedError,
  redactText,
  SourcegraphError,
  TimeoutError,
} from "@sgkit/core";
import { LicenseRequiredError } from "@sgkit/permissions";
import { MigratorError } from "../errors/migrator-error.js";
import { InputError } from "../inputs/input-error.js";

/**
 * The one message a failed command prints, with what to do about it: the migrator's own errors as they are, and
 * the API's errors with the cause users meet most (wrong endpoint, bad token, missing scope or license).
 * Anything else is a bug: its stack is shown. The whole message is redacted: sgkit errors are already, but the
 * migrator's own quote what the user typed or wrote, which may be a token.
 */
export function describeError(error: unknown, endpoint: string | undefined): string {
  return redactText(explain(error, endpoint ?? "the instance"));
}

function explain(error: unknown, where: string): string {
  if (error instanceof MigratorError || error instanceof InputError) return error.message;
  if (error instanceof ConfigurationError) return `Configuration: ${error.message}`;
  if (error instanceof LicenseRequiredError) {
    return `${where} lacks the "Explicit Permissions API" license feature, which the HTTP API needs: ${error.message}`;
  }
  if (error instanceof AuthenticationError) {
    return `${where} refused the token (${withoutFullStop(error.message)}): check SRC_ACCESS_TOKEN or --token-file, and that it is for this instance.`;
  }
  if (error instanceof PermissionDeniedError) {
    return `${where} refused the call: ${withoutFullStop(error.message)}. sgkit-migrate needs a site admin's token with the externalapi:read and externalapi:write scopes and the REPO_PERMISSIONS#READ and #WRITE permissions.`;
  }
  if (error instanceof NetworkError || error instanceof TimeoutError) {
    return `Cannot reach ${where}: ${withoutFullStop(error.message)}. Check SRC_ENDPOINT / --endpoint (and SRC_PROXY).`;
  }
  if (error instanceof SourcegraphError && (error.status === 404 || error.status === 405)) {
    return `${where} answered ${error.status} for ${error.url ?? "an API call"}: is it a Sourcegraph instance (7.0 or later, for the HTTP API)? Check SRC_ENDPOINT / --endpoint.`;
  }
  if (error instanceof SourcegraphError) return error.message;
  if (error instanceof Error && error.name === "AbortError") return "Stopped.";
  return error instanceof Error
    ? `Internal error (please report it): ${error.stack ?? error.message}`
    : String(error);
}

/** A message that ends a sentence, ready to be followed by another. */
function withoutFullStop(message: string): string {
  return message.endsWith(".") ? message.slice(0, -1) : message;
}
