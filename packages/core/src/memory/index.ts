export { EventStream } from "./event-stream.js";
export { MemoryRepository, type MemoryRepositoryOptions } from "./memory-repository.js";
