/** The current route: `#/<page>?<params>`. */
export interface Route {
  page: string;
  params: URLSearchParams;
}

/** The route in `location.hash` (default: the sessions page). */
export function currentRoute(): Route {
  const hash = location.hash.replace(/^#\/?/, "");
  const [page = "", query = ""] = hash.split("?", 2);
  return { page: page || "sessions", params: new URLSearchParams(query) };
}

/** The hash of a route, values left out when empty. */
export function href(
  page: string,
  params: Record<string, string | number | undefined> = {},
): string {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) {
    if (value !== undefined && value !== "") query.set(name, String(value));
  }
  const text = query.toString();
  return `#/${page}${text ? `?${text}` : ""}`;
}
