// Ships the package's JavaScript without comments: the glue's JSDoc repeats the type
// declarations beside it, and the snippets' comments are for people reading the source.
// TypeScript's printer removes them (it parses the code, so no string or regular
// expression is touched); everything else is printed back unchanged in meaning.
// Usage: node strip-comments.mjs PKG_DIR
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';

const dir = process.argv[2];
if (!dir) {
  console.error('usage: node strip-comments.mjs PKG_DIR');
  process.exit(1);
}

function scripts(folder) {
  return readdirSync(folder).flatMap((name) => {
    const path = join(folder, name);
    if (statSync(path).isDirectory()) return scripts(path);
    return name.endsWith('.js') ? [path] : [];
  });
}

let before = 0;
let after = 0;
for (const path of scripts(dir)) {
  const source = readFileSync(path, 'utf8');
  const { outputText, diagnostics } = ts.transpileModule(source, {
    fileName: path,
    reportDiagnostics: true,
    compilerOptions: {
      allowJs: true,
      removeComments: true,
      target: ts.ScriptTarget.ESNext,
      module: ts.ModuleKind.ESNext,
    },
  });
  if (diagnostics.length > 0) {
    throw new Error(`strip-comments: ${path}: ${ts.flattenDiagnosticMessageText(diagnostics[0].messageText, '\n')}`);
  }
  writeFileSync(path, outputText);
  before += source.length;
  after += outputText.length;
}
console.log(`strip-comments: ${before} -> ${after} bytes of JavaScript in ${dir}`);
