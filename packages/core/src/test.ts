export { createCanaryToken, findSecret } from "./canary.js";
export { rejectionOf } from "./rejection-of.js";
