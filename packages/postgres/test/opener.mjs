// Opener for the conformance suite's child processes: `location` is a postgres:// URL with
// ?schema=… (the shared store's schema on the test run's server).
import { openFromUrl } from "@sessionkit/postgres";

export default async function open(location) {
  return openFromUrl(location, { max: 4 });
}
