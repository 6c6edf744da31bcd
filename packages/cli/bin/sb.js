#!/usr/bin/env node
// Thin launcher: the bundled CLI lives in ../bundle (built by `npm ci` via the root `prepare` script:
// tsc -b, then scripts/bundle-cli.js).
import { existsSync } from 'node:fs';
// The whole module, not a named import: on a Node without `enableCompileCache` a named import
// fails before any line runs, and the version check below could not say what is wrong.
import * as nodeModule from 'node:module';
import { nodeVersionProblem } from './node-version-problem.js';

const versionProblem = nodeVersionProblem(process.versions.node);
if (versionProblem) {
  process.stderr.write(`${versionProblem}\n`);
  process.exit(1);
}

const entry = new URL('../bundle/main.js', import.meta.url);
if (!existsSync(entry)) {
  process.stderr.write(
    'switchboard: the CLI is not built yet. Run `npm run build` in the repository root (npm ci does it for you).\n',
  );
  process.exit(1);
}
const args = process.argv.slice(2);
if (args[0] === 'serve') {
  const { followLauncher, runServeProcess, wantsServeProcess } = await import('./serve-process.js');
  if (wantsServeProcess(args, process.execArgv, process.platform, process.env.NODE_OPTIONS)) {
    process.exitCode = await runServeProcess(import.meta.url, args);
    process.exit();
  }
  followLauncher();
}
// Startup is a measured goal (bench/cold-start.js): reuse V8's compiled code across runs
// (kept in the OS temp dir; NODE_DISABLE_COMPILE_CACHE=1 turns it off).
nodeModule.enableCompileCache?.();
await import(entry.href);
