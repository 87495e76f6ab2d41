/** An error the studio API answered with: the store's (or the studio's) code and remedy. */
export class ApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly remedy: string,
    readonly status: number,
  ) {
    super(message);
  }
}

const token = document.querySelector<HTMLMetaElement>('meta[name="studio-token"]')?.content ?? "";

/** Parameters of an API call; undefined and empty values are left out. */
export type Query = Record<string, string | number | undefined>;

/** Which store the pages read (the main store unless the header's switcher says otherwise). */
export const selection = { store: undefined as string | undefined };

/** The URL of an API path with its query (and the selected store). */
export function apiUrl(path: string, query: Query = {}, withToken = false): string {
  const params = new URLSearchParams();
  if (selection.store !== undefined) params.set("store", selection.store);
  for (const [name, value] of Object.entries(query)) {
    if (value !== undefined && value !== "") params.set(name, String(value));
  }
  if (withToken) params.set("token", token);
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}

/** Calls the API; the token travels in a header. @throws ApiError with the server's code. */
export async function api<T>(path: string, query: Query = {}, method = "GET"): Promise<T> {
  let response: Response;
  try {
    response = await fetch(apiUrl(path, query), { method, headers: { "x-studio-token": token } });
  } catch (error) {
    throw new ApiError(
      "UNREACHABLE",
      `the studio server did not answer (${String(error)})`,
      "check that `sessionkit studio` is still running, then reload",
      0,
    );
  }
  const body = (await response.json()) as T & {
    error?: { code: string; message: string; remedy: string };
  };
  if (!response.ok) {
    const e = body.error ?? { code: "HTTP", message: response.statusText, remedy: "reload" };
    throw new ApiError(e.code, e.message, e.remedy, response.status);
  }
  return body;
}

/** An EventSource on the watch stream (EventSource cannot send headers: the token is a query). */
export function watchStream(query: Query): EventSource {
  return new EventSource(apiUrl("/api/watch", query, true));
}
