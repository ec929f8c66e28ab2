declare const __SGKIT_VERSION__: string;

/** The version of `@sgkit/sourcegraph`, compiled in at build time. */
export const VERSION: string = typeof __SGKIT_VERSION__ === "string" ? __SGKIT_VERSION__ : "0.0.0-dev";
