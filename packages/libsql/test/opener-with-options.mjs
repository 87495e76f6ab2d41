// Opener for child processes that need adapter options: `location` is JSON
// `{ "url": "...", "options": { ... } }`, passed to openFromUrl.
import { openFromUrl } from "@sessionkit/libsql";

export default async function open(location) {
  const { url, options } = JSON.parse(location);
  return openFromUrl(url, options);
}
