export { schemaSDL } from "./gen/schema-sdl.js";
