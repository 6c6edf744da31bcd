import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const INDEX = fileURLToPath(new URL('./index.ts', import.meta.url));

/** Whether the declaration (or, for a `const`, its statement) carries a TSDoc comment. */
function hasDoc(declaration: ts.Declaration): boolean {
  if (ts.getJSDocCommentsAndTags(declaration).length > 0) return true;
  const statement = ts.isVariableDeclaration(declaration) ? declaration.parent.parent : undefined;
  return statement !== undefined && ts.getJSDocCommentsAndTags(statement).length > 0;
}

describe('the public surface of core', () => {
  it('is listed name by name: no wildcard re-export lets an internal slip out', () => {
    const text = readFileSync(INDEX, 'utf8');
    expect(text).toMatch(/^export \{/m);
    expect(text).not.toMatch(/export \*/);
  });

  it('documents every export with TSDoc', () => {
    const program = ts.createProgram([INDEX], {
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      target: ts.ScriptTarget.ES2023,
      noEmit: true,
      skipLibCheck: true,
    });
    const checker = program.getTypeChecker();
    const moduleSymbol = checker.getSymbolAtLocation(program.getSourceFile(INDEX)!)!;
    const exported = checker.getExportsOfModule(moduleSymbol);
    const undocumented = exported
      .map((symbol) => (symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol))
      .filter((symbol) => !(symbol.declarations ?? []).some(hasDoc))
      .map((symbol) => symbol.name);
    expect(exported.length).toBeGreaterThan(100);
    expect(undocumented).toEqual([]);
  });
});
