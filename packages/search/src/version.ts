declare const __SGKIT_VERSION__: string;

/**
 * The version of `@sgkit/search`, compiled in at build time; sent in the `User-Agent` header as
 * `sgkit-search/<version>`, so that a Sourcegraph admin can tell which client made a call.
 */
export const VERSION: string = typeof __SGKIT_VERSION__ === "string" ? __SGKIT_VERSION__ : "0.0.0-dev";
