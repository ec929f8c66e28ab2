declare const __SGKIT_VERSION__: string;

/** The version of `@sgkit/core`, compiled in at build time; sent in the `User-Agent` header as `sgkit/<version>`. */
export const VERSION: string = typeof __SGKIT_VERSION__ === "string" ? __SGKIT_VERSION__ : "0.0.0-dev";
