#!/usr/bin/env node
// Bundles the compiled CLI (packages/cli/dist, from `tsc -b`) into packages/cli/bundle/ so that
// `sb` starts by loading a few files instead of hundreds of modules (startup is a measured goal,
// bench/cold-start.js). Our workspace packages and the small libraries on the startup path are
// bundled and tree-shaken; everything else (Ink, React, the AI SDK, openid-client, native
// modules, …) stays external and is still imported lazily, in its own chunk where it is ours.
import { build } from 'esbuild';
import { rm } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

const BUNDLED_LIBRARIES = new Set(['zod', 'smol-toml', 'commander']);
const root = fileURLToPath(new URL('..', import.meta.url));
const outdir = `${root}packages/cli/bundle`;

await rm(outdir, { recursive: true, force: true });
await build({
  entryPoints: { main: `${root}packages/cli/dist/main.js` },
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node22',
  sourcemap: true,
  logLevel: 'warning',
  // Chunks keep `import.meta.url` working for files read relative to the package (package.json).
  chunkNames: 'chunks/[name]-[hash]',
  plugins: [
    {
      name: 'externals',
      setup(builder) {
        builder.onResolve({ filter: /^[^./]/ }, (arguments_) => {
          if (arguments_.path.startsWith('node:')) return { external: true };
          const name = arguments_.path.startsWith('@')
            ? arguments_.path.split('/').slice(0, 2).join('/')
            : arguments_.path.split('/')[0];
          if (name.startsWith('@switchboard/') || BUNDLED_LIBRARIES.has(name)) return undefined;
          return { external: true };
        });
      },
    },
  ],
});
