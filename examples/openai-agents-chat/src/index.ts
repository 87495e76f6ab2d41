// The example's building blocks, for its test and for copying into an app.
export { createAssistant } from "./assistant.js";
export { askWithMemory } from "./five-lines.js";
export { OfflineModel } from "./offline-model.js";
