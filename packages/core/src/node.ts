export { createProxyFetch, loadNodeConfig, type NodeSourcegraphConfig } from "./config/node-config.js";
export { tokenFromFile } from "./credentials/token-from-file.js";
