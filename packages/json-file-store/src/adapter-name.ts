/** The adapter name used in every error message of this package. */
export const ADAPTER = "json-file-store";
