/**
 * Whether `candidate` (a message as a caller passes it) holds the same JSON value as `stored`
 * (a stored, plain JSON message): object key order does not matter and members whose value is
 * `undefined` count as absent, as in `JSON.stringify`. Anything that is not JSON in `candidate`
 * (a Date, a Map, NaN) is simply not the same, so the caller goes on to check it and report it.
 * Faster than serialising both sides: no strings are built.
 */
export function sameJson(candidate: unknown, stored: unknown): boolean {
  if (candidate === stored) return true;
  if (typeof candidate !== "object" || typeof stored !== "object") return false;
  if (candidate === null || stored === null) return false;
  if (Array.isArray(candidate) || Array.isArray(stored)) {
    if (!Array.isArray(candidate) || !Array.isArray(stored)) return false;
    if (candidate.length !== stored.length) return false;
    for (let i = 0; i < candidate.length; i++) {
      if (!(i in candidate) || !sameJson(candidate[i], stored[i])) return false;
    }
    return true;
  }
  const proto = Object.getPrototypeOf(candidate);
  if (proto !== Object.prototype && proto !== null) return false;
  const left = candidate as Record<string, unknown>;
  const right = stored as Record<string, unknown>;
  let members = 0;
  for (const name of Object.keys(left)) {
    const value = left[name];
    if (value === undefined) continue;
    members++;
    if (!Object.hasOwn(right, name) || !sameJson(value, right[name])) return false;
  }
  return members === Object.keys(right).length;
}
