export { createCanaryToken } from "./testing/create-canary-token.js";
export { findSecret } from "./testing/find-secret.js";
