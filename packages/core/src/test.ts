export { createCanaryToken, findSecret } from "./canary.js";
