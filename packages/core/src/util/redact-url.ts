/**
 * A store URL as it may appear in a message, a log or a status line: a password in the URL
 * (`postgres://user:secret@host/db`, or a `password`/`authToken` query parameter) replaced by
 * `***`. Anything that is not a URL with credentials (a file path, `sqlite:./x.db`) is returned
 * unchanged. Never throws.
 */
export function redactUrl(url: string): string {
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(url)) return url;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return url.replace(/\/\/([^/@:]*):[^/@]*@/, "//$1:***@");
  }
  let changed = false;
  if (parsed.password) {
    parsed.password = "***";
    changed = true;
  }
  for (const name of ["password", "authToken", "auth_token"]) {
    if (parsed.searchParams.has(name)) {
      parsed.searchParams.set(name, "***");
      changed = true;
    }
  }
  return changed ? parsed.toString() : url;
}
