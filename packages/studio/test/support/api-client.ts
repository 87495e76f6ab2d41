import type { RunningStudio } from "../../src/index.js";

/** Calls the studio API as the page does (token in the header); returns status and body. */
export async function callApi<T = Record<string, unknown>>(
  studio: RunningStudio,
  path: string,
  query: Record<string, string | number> = {},
  method = "GET",
): Promise<{ status: number; body: T }> {
  const params = new URLSearchParams(
    Object.entries(query).map(([k, v]): [string, string] => [k, String(v)]),
  );
  const response = await fetch(`http://127.0.0.1:${studio.port}${path}?${params}`, {
    method,
    headers: { "x-studio-token": studio.token },
  });
  return { status: response.status, body: (await response.json()) as T };
}
