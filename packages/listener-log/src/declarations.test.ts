// The package's declarations must compile for a CommonJS project without esModuleInterop
// (TS1259: a default import of winston, which is `export =`, needs that flag).
import { join } from 'node:path';
import ts from 'typescript';

test('the sources typecheck without esModuleInterop or allowSyntheticDefaultImports', () => {
  const entry = join(__dirname, 'index.ts');
  const program = ts.createProgram([entry], {
    module: ts.ModuleKind.CommonJS,
    moduleResolution: ts.ModuleResolutionKind.Node10,
    target: ts.ScriptTarget.ES2022,
    esModuleInterop: false,
    allowSyntheticDefaultImports: false,
    strict: true,
    skipLibCheck: true,
    noEmit: true,
    // TypeScript 6 flags these settings as deprecated; many CommonJS projects still use them.
    ignoreDeprecations: '6.0',
    types: ['node'],
  });
  const problems = ts
    .getPreEmitDiagnostics(program)
    .filter((d) => d.file?.fileName.startsWith(__dirname) ?? true)
    .map(
      (d) =>
        `${d.file?.fileName ?? ''} TS${d.code}: ${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`,
    );
  expect(problems).toEqual([]);
});
