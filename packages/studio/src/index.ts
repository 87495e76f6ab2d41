// sessionkit studio: a local web inspector for any SessionRepository.
export { recordedLegacyStore } from "./recorded-legacy-store.js";
export { startStudio } from "./start-studio.js";
export type { RunningStudio, StudioOptions, StudioStore } from "./studio-options.js";
