// What the package's `index.d.ts` declares, read with TypeScript's own API (the 5.x compiler, whose
// JavaScript API is complete), as the installed package resolves it: the exported values and
// types, the members of the error-code union, each export's documentation, and every `any`.
import ts from 'typescript5';
import { join } from 'node:path';

/**
 * @param {string} projectDir  a project with wc-keys installed in node_modules
 */
export function readDeclarations(projectDir) {
  const entry = join(projectDir, 'entry.ts');
  const host = ts.createCompilerHost({});
  const readFile = host.readFile.bind(host);
  host.readFile = (file) => (file === entry ? "export * from 'wc-keys';\n" : readFile(file));
  const fileExists = host.fileExists.bind(host);
  host.fileExists = (file) => file === entry || fileExists(file);
  const options = {
    strict: true,
    noEmit: true,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    target: ts.ScriptTarget.ES2022,
    lib: ['lib.es2022.d.ts', 'lib.dom.d.ts'],
    types: [],
  };
  const program = ts.createProgram([entry], options, host);
  const checker = program.getTypeChecker();
  const resolved = ts.resolveModuleName('wc-keys', entry, options, host).resolvedModule;
  if (!resolved) throw new Error(`wc-keys does not resolve from ${projectDir}`);
  const source = program.getSourceFile(resolved.resolvedFileName);
  if (!source) throw new Error(`${resolved.resolvedFileName} is not in the program`);
  const moduleSymbol = checker.getSymbolAtLocation(source);
  const exported = checker.getExportsOfModule(moduleSymbol);

  const values = [];
  const types = [];
  const undocumented = [];
  const withoutExample = [];
  for (const exportedSymbol of exported) {
    const name = exportedSymbol.name;
    // `export default WooCommerceRestApi;` is an alias: its kind and docs are those it names.
    const symbol = exportedSymbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exportedSymbol) : exportedSymbol;
    const isValue = (symbol.flags & ts.SymbolFlags.Value) !== 0;
    (isValue ? values : types).push(name);
    // Each declaration (each overload) carries its own doc comment.
    for (const declaration of symbol.declarations ?? []) {
      const docs = ts.getJSDocCommentsAndTags(declaration).filter(ts.isJSDoc);
      const line = source.getLineAndCharacterOfPosition(declaration.getStart()).line + 1;
      const where = `${name} (index.d.ts:${line})`;
      if (docs.length === 0) undocumented.push(where);
      if (isValue && !docs.some((doc) => (doc.tags ?? []).some((tag) => tag.tagName.text === 'example'))) {
        withoutExample.push(where);
      }
    }
  }

  const anys = [];
  const visit = (node) => {
    if (node.kind === ts.SyntaxKind.AnyKeyword) {
      const { line } = source.getLineAndCharacterOfPosition(node.getStart());
      anys.push(`index.d.ts:${line + 1}: ${source.text.split('\n')[line].trim()}`);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);

  const unionMembers = (name) => {
    const symbol = exported.find((s) => s.name === name);
    if (!symbol) throw new Error(`index.d.ts does not export ${name}`);
    const type = checker.getDeclaredTypeOfSymbol(symbol);
    return (type.isUnion() ? type.types : [type]).map((t) => (t.isStringLiteral() ? t.value : checker.typeToString(t)));
  };

  const diagnostics = ts
    .getPreEmitDiagnostics(program)
    .map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));

  return {
    file: resolved.resolvedFileName,
    values: values.sort(),
    types: types.sort(),
    errorCodes: unionMembers('WcKeysErrorCode').sort(),
    httpErrorCodes: exported.some((s) => s.name === 'HttpErrorCode') ? unionMembers('HttpErrorCode').sort() : [],
    undocumented,
    withoutExample,
    anys,
    diagnostics,
  };
}
