// Opener for the conformance suite's child processes: `location` is a libSQL URL
// (file:/abs/path.db or a remote server's http:// / ws:// URL).
import { openFromUrl } from "@sessionkit/libsql";

export default async function open(location) {
  return openFromUrl(location);
}
