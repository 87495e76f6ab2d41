// Opener for the conformance suite's child processes: opens the store at `location`.
import { createJsonFileRepository } from "@sessionkit/json-file-store";

export default async function open(location) {
  return createJsonFileRepository({ root: location });
}
