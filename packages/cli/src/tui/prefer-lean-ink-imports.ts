import { existsSync } from 'node:fs';
import * as nodeModule from 'node:module';
import { fileURLToPath } from 'node:url';

/**
 * Startup of the chat is a measured goal (bench/tui.js). Ink imports a single function,
 * `throttle`, from es-toolkit's `compat` barrel, and loading that barrel (hundreds of modules)
 * takes about as long as the rest of Ink together (≈ 140 ms on the reference machines). This
 * points that one import at the module that defines `throttle` (it exports it by name) —
 * only for Ink's own file, only when that module exists; otherwise nothing changes.
 * Call before Ink is imported.
 */
export function preferLeanInkImports(): void {
  // module.registerHooks exists from Node 22.15 / 23.5; without it Ink simply loads the barrel.
  const registerHooks = (nodeModule as { registerHooks?: typeof nodeModule.registerHooks }).registerHooks;
  if (typeof registerHooks !== 'function') return;
  registerHooks({
    resolve(specifier, context, nextResolve) {
      if (specifier !== 'es-toolkit/compat' || !context.parentURL?.endsWith('/ink/build/ink.js'))
        return nextResolve(specifier, context);
      const barrel = nextResolve(specifier, context);
      const lean = new URL('./function/throttle.mjs', barrel.url);
      if (!barrel.url.endsWith('/compat/index.mjs') || !existsSync(fileURLToPath(lean))) return barrel;
      return { ...barrel, url: lean.href, shortCircuit: true };
    },
  });
}
