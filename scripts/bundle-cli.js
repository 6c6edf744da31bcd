#!/usr/bin/env node
// Bundles the compiled CLI (packages/cli/dist, from `tsc -b`) into packages/cli/bundle/ so that
// `sb` starts by loading a few files instead of hundreds of modules (startup is a measured goal,
// bench/cold-start.js). Our workspace packages and the small libraries on the startup path are
// bundled and tree-shaken; everything else (Ink, React, the AI SDK, openid-client, native
// modules, …) stays external and is still imported lazily, in its own chunk where it is ours.
import { build, transform } from 'esbuild';
import { readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
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
      // zod's `locales` namespace (64 languages, ≈ 370 KB) comes with every `z` import, into the
      // chunk every command and the gateway load. Switchboard speaks English, which zod registers
      // itself (v4/classic/schemas.js); the namespace keeps `en` and nothing else.
      name: 'zod-english-only',
      setup(builder) {
        builder.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (arguments_) =>
          /[\\/]node_modules[\\/]zod[\\/]/.test(arguments_.importer)
            ? { path: join(dirname(arguments_.importer), '../locales/english-only.js'), namespace: 'zod-locales' }
            : undefined,
        );
        builder.onLoad({ filter: /.*/, namespace: 'zod-locales' }, (arguments_) => ({
          contents: 'export { default as en } from "./en.js";\n',
          resolveDir: dirname(arguments_.path),
          loader: 'js',
        }));
      },
    },
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

/**
 * esbuild escapes non-ASCII characters in code (`charset: 'ascii'`, its default) but keeps them in
 * comments, and one such character ("—" in a comment) makes V8 hold the whole chunk's source as
 * two bytes per character instead of one, in every process that loads it. They become "?" here:
 * one UTF-16 unit for one, so the source maps' columns still hold. Each changed chunk is checked to
 * minify to the same code as before, which fails the build if a character outside a comment changed.
 */
async function asciiOnly(directory) {
  for (const entry of await readdir(directory, { recursive: true })) {
    if (!entry.endsWith('.js')) continue;
    const path = join(directory, entry);
    const text = await readFile(path, 'utf8');
    const ascii = text.replace(/[^\x00-\x7f]/g, '?');
    if (ascii === text) continue;
    const [before, after] = await Promise.all(
      [text, ascii].map(
        async (code) => (await transform(code, { minify: true, format: 'esm', legalComments: 'none' })).code,
      ),
    );
    if (before !== after) throw new Error(`${entry}: a non-ASCII character outside a comment; not rewritten.`);
    await writeFile(path, ascii);
  }
}

await asciiOnly(outdir);
