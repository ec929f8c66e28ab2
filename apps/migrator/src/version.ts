declare const __SGKIT_VERSION__: string;

/** The version of `@sgkit/migrator`, compiled in at build time; printed by `sgkit-migrate --version`. */
export const VERSION: string = typeof __SGKIT_VERSION__ === "string" ? __SGKIT_VERSION__ : "0.0.0-dev";
