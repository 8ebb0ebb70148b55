// Users who compile with `exactOptionalPropertyTypes` write `option: value ?? undefined`; every
// optional property of a component's options must accept that (TS2379 otherwise).
import { join } from 'node:path';
import ts from 'typescript';

const CONSUMER = `
import { Backoff, Cooldown, SlowRate, TimeWindow, RampUp } from './index';
declare const maybe: number | undefined;
new TimeWindow(10_000, { bucketMs: maybe });
new Cooldown(1_000, { jitterRatio: maybe });
new Backoff({ initial: 1_000, multiplier: maybe, maxDuration: maybe, jitterRatio: maybe });
new SlowRate(0.5, { threshold: 100 });
new RampUp({ initial: 0.1, final: 1, duration: 1_000 });
// @ts-expect-error a required option still refuses undefined
new SlowRate(0.5, { threshold: maybe });
`;

function diagnostics(source: string): string[] {
  const file = join(__dirname, '__exact_optional_consumer__.ts');
  const options: ts.CompilerOptions = {
    strict: true,
    exactOptionalPropertyTypes: true,
    noEmit: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.Preserve,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    lib: ['lib.es2022.d.ts'],
    types: [],
    skipLibCheck: true,
  };
  const host = ts.createCompilerHost(options);
  const readFile = host.readFile.bind(host);
  host.readFile = (name) => (name === file ? source : readFile(name));
  const fileExists = host.fileExists.bind(host);
  host.fileExists = (name) => name === file || fileExists(name);
  const program = ts.createProgram([file], options, host);
  return ts
    .getPreEmitDiagnostics(program)
    .filter((d) => d.file?.fileName === file)
    .map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
}

test('component options accept an explicit undefined under exactOptionalPropertyTypes', () => {
  expect(diagnostics(CONSUMER)).toEqual([]);
}, 60_000);
