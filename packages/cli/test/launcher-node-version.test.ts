import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { MINIMUM_NODE_MAJOR, nodeVersionProblem } from '../bin/node-version-problem.js';

describe('nodeVersionProblem', () => {
  it('accepts the minimum major version and newer ones', () => {
    expect(nodeVersionProblem(`${MINIMUM_NODE_MAJOR}.0.0`)).toBeUndefined();
    expect(nodeVersionProblem('24.21.0')).toBeUndefined();
    expect(nodeVersionProblem(process.versions.node)).toBeUndefined();
  });

  it('refuses an older Node in one line naming both versions and where to get a new one', () => {
    const problem = nodeVersionProblem('20.20.2');
    expect(problem).toBe(
      'switchboard: needs Node.js 22 or newer, and this is Node.js 20.20.2. Install a current LTS release from https://nodejs.org (or with nvm: nvm install --lts), then run sb again.',
    );
    expect(nodeVersionProblem('garbage')).toContain('this is Node.js garbage');
  });

  it('is what the launcher says and exits 1 with, before loading anything else', () => {
    // The launcher told that it runs on Node 20 (the check reads process.versions.node).
    const launcher = fileURLToPath(new URL('../bin/sb.js', import.meta.url));
    const result = spawnSync(
      process.execPath,
      [
        '--import',
        'data:text/javascript,Object.defineProperty(process.versions, "node", { value: "20.20.2" })',
        launcher,
        '--version',
      ],
      { encoding: 'utf8' },
    );
    expect(result.status).toBe(1);
    expect(result.stderr).toBe(`${nodeVersionProblem('20.20.2')}\n`);
    expect(result.stdout).toBe('');
  });
});
