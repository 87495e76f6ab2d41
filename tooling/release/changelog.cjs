// @ts-check
/**
 * The changesets changelog generator (`.changeset/config.json` → `changelog`): writes each
 * changeset's summary as a list entry that links to the commit which added the changeset on
 * GitHub, and the "Updated dependencies" entries with links to their commits. Only the commit
 * hash changesets reads from git is used (no GitHub API call, so versioning works offline).
 *
 * Options (the second element of the `changelog` setting): `{ "repo": "owner/name" }`, default
 * `sessionkit/sessionkit`.
 */

const DEFAULT_REPO = "sessionkit/sessionkit";

/**
 * @typedef {{ repo?: string } | null | undefined} ChangelogOptions
 * @typedef {{ summary: string, commit?: string }} ChangesetLike
 * @typedef {{ name: string, newVersion: string }} DependencyRelease
 */

/**
 * The `owner/name` of the repository the links point to.
 * @param {ChangelogOptions} options
 * @returns {string}
 */
function repoOf(options) {
  const repo = options?.repo ?? DEFAULT_REPO;
  if (!/^[A-Za-z0-9][A-Za-z0-9-]*\/[A-Za-z0-9._-]+$/.test(repo)) {
    throw new Error(
      `changelog option "repo" must be "owner/name" (e.g. "${DEFAULT_REPO}"), got ${JSON.stringify(repo)}`,
    );
  }
  return repo;
}

/**
 * A Markdown link to a commit: the short hash, linking to the full one.
 * @param {string} commit the full (or abbreviated) hash changesets provides
 * @param {ChangelogOptions} [options]
 * @returns {string}
 */
function commitLink(commit, options) {
  if (!/^[0-9a-f]{7,40}$/i.test(commit)) {
    throw new Error(`not a commit hash: ${JSON.stringify(commit)}`);
  }
  return `[\`${commit.slice(0, 7)}\`](https://github.com/${repoOf(options)}/commit/${commit})`;
}

/**
 * One changeset's entry: `- [`abc1234`](…/commit/abc1234…) First line of the summary`, further
 * lines of the summary indented under it. Without a commit (a changeset not committed yet) the
 * entry has no link.
 * @param {ChangesetLike} changeset
 * @param {string} _type the bump type ("major" | "minor" | "patch"); the heading shows it
 * @param {ChangelogOptions} options
 * @returns {Promise<string>}
 */
async function getReleaseLine(changeset, _type, options) {
  const [firstLine = "", ...futureLines] = changeset.summary
    .trim()
    .split("\n")
    .map((line) => line.trimEnd());
  const link = changeset.commit ? `${commitLink(changeset.commit, options)} ` : "";
  const rest = futureLines.map((line) => (line ? `  ${line}` : "")).join("\n");
  return `- ${link}${firstLine}${rest ? `\n${rest}` : ""}`;
}

/**
 * The entry of a package released because packages it depends on were: the commits of the
 * changesets that caused it, then each updated dependency with its new version. Empty when no
 * dependency was updated.
 * @param {ChangesetLike[]} changesets
 * @param {DependencyRelease[]} dependenciesUpdated
 * @param {ChangelogOptions} options
 * @returns {Promise<string>}
 */
async function getDependencyReleaseLine(changesets, dependenciesUpdated, options) {
  if (dependenciesUpdated.length === 0) return "";
  const commits = [...new Set(changesets.map((c) => c.commit).filter((c) => c !== undefined))];
  const links = commits.map((commit) => commitLink(commit, options));
  const heading = `- Updated dependencies${links.length > 0 ? ` ${links.join(", ")}` : ""}`;
  const list = dependenciesUpdated.map((d) => `  - ${d.name}@${d.newVersion}`);
  return [heading, ...list].join("\n");
}

module.exports = {
  default: { getReleaseLine, getDependencyReleaseLine },
  getReleaseLine,
  getDependencyReleaseLine,
  commitLink,
  DEFAULT_REPO,
};
