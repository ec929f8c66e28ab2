export { loadNodeConfig, type NodeSourcegraphConfig } from "./config/load-node-config.js";
export { createProxyFetch } from "./config/proxy-fetch.js";
export { tokenFromFile } from "./credentials/token-from-file.js";
