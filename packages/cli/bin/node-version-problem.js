// Kept free of anything newer Node versions added, so an older Node can load it and say so.

/** The oldest Node.js major version Switchboard runs on (package.json `engines`). */
export const MINIMUM_NODE_MAJOR = 22;

/**
 * One line saying why this Node cannot run Switchboard and what to do, or undefined when it can.
 * @param {string} version `process.versions.node`, e.g. "20.20.2".
 * @returns {string | undefined}
 */
export function nodeVersionProblem(version) {
  const major = Number.parseInt(version.split('.')[0] ?? '', 10);
  if (Number.isInteger(major) && major >= MINIMUM_NODE_MAJOR) return undefined;
  return `switchboard: needs Node.js ${MINIMUM_NODE_MAJOR} or newer, and this is Node.js ${version}. Install a current LTS release from https://nodejs.org (or with nvm: nvm install --lts), then run sb again.`;
}
