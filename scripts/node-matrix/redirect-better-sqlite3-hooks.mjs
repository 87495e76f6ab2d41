// Module resolution hooks for redirect-better-sqlite3.mjs: a URL under `from` (the workspace's
// better-sqlite3 directory, as a file: URL ending in "/") becomes the same path under `to`.
/** @type {string} */
let from;
/** @type {string} */
let to;

/** @param {{ from: string, to: string }} data */
export function initialize(data) {
  from = data.from;
  to = data.to;
}

/**
 * @param {string} specifier
 * @param {object} context
 * @param {(specifier: string, context: object) => Promise<{ url: string }>} nextResolve
 */
export async function resolve(specifier, context, nextResolve) {
  const result = await nextResolve(specifier, context);
  return result.url.startsWith(from)
    ? { ...result, url: to + result.url.slice(from.length) }
    : result;
}
