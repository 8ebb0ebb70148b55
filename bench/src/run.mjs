// `pnpm bench [--quick] [--scenario=id,id] [--update-docs] [--profile]`
// Runs each scenario in a fresh node process (so no scenario's JIT feedback or garbage colours
// another's), prints the tables, and writes every figure to bench/results/.
import { fork } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { MODES } from './config.js';
import { fullGc } from './gc.js';
import { describeMachine } from './machine.js';
import { describeRun, formatScenario, markdownRun, tally } from './report.js';
import { runScenario, SCENARIOS, scenario } from './scenarios/index.js';

const here = dirname(fileURLToPath(import.meta.url));
const benchDir = join(here, '..');
const resultsDir = join(benchDir, 'results');
const docsFile = join(benchDir, '..', 'docs', 'performance.md');
const START = '<!-- bench:results:start -->';
const END = '<!-- bench:results:end -->';

const { values } = parseArgs({
  // `pnpm bench -- --quick` passes the separator through; ignore it.
  args: process.argv.slice(2).filter((arg) => arg !== '--'),
  options: {
    quick: { type: 'boolean', default: false },
    scenario: { type: 'string' },
    'update-docs': { type: 'boolean', default: false },
    profile: { type: 'boolean', default: false },
    child: { type: 'string' },
    mode: { type: 'string' },
  },
});

if (values.child !== undefined) {
  // Child: one scenario, figures back to the parent over IPC.
  const result = await runScenario(values.child, MODES[values.mode], fullGc());
  process.send(result, () => process.exit(0));
} else {
  await main();
}

function runChild(id, mode) {
  const execArgv = ['--expose-gc'];
  if (values.profile) {
    execArgv.push('--cpu-prof', `--cpu-prof-dir=${join(resultsDir, 'profiles')}`);
  }
  return new Promise((resolve, reject) => {
    let result;
    const child = fork(fileURLToPath(import.meta.url), ['--child', id, '--mode', mode], {
      execArgv,
    });
    child.on('message', (message) => {
      result = message;
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code === 0 && result !== undefined) resolve(result);
      else reject(new Error(`bench: scenario '${id}' exited with code ${code}`));
    });
  });
}

function versionOf(name) {
  const require = createRequire(import.meta.url);
  return JSON.parse(readFileSync(require.resolve(`${name}/package.json`), 'utf8')).version;
}

async function main() {
  const mode = values.quick ? 'quick' : 'full';
  const ids =
    values.scenario === undefined
      ? SCENARIOS.map((s) => s.id)
      : values.scenario.split(',').map((id) => scenario(id.trim()).id);
  const results = {
    mode,
    startedAt: new Date().toISOString(),
    machine: describeMachine(),
    versions: {
      fluxgate: versionOf('@fluxgate/core'),
      opossum: versionOf('opossum'),
      cockatiel: versionOf('cockatiel'),
    },
    config: MODES[mode],
    scenarios: [],
  };
  console.log(`fluxgate bench: ${describeRun(results)}\n`);
  if (results.machine.loadAverage > results.machine.cores / 2) {
    console.log('warning: the machine is busy; figures will be noisy (ratios suffer least)\n');
  }
  for (const id of ids) {
    const result = await runChild(id, mode);
    results.scenarios.push(result);
    console.log(`${formatScenario(result)}\n`);
  }
  const { passed, missed } = tally(results);
  console.log(`targets: ${passed} PASS, ${missed} MISS`);

  mkdirSync(resultsDir, { recursive: true });
  const stamp = results.startedAt.replace(/[:.]/g, '-');
  const json = `${JSON.stringify(results, null, 2)}\n`;
  writeFileSync(join(resultsDir, `bench-${mode}-${stamp}.json`), json);
  writeFileSync(join(resultsDir, 'latest.json'), json);
  writeFileSync(join(resultsDir, 'latest.md'), `${markdownRun(results)}\n`);
  console.log(`figures written to bench/results/latest.json and latest.md`);

  if (values['update-docs']) updateDocs(results);
}

function updateDocs(results) {
  const doc = readFileSync(docsFile, 'utf8');
  const start = doc.indexOf(START);
  const end = doc.indexOf(END);
  if (start < 0 || end < start) {
    throw new Error(`bench: docs/performance.md lacks the ${START} ... ${END} markers`);
  }
  const table = markdownRun(results);
  writeFileSync(docsFile, `${doc.slice(0, start + START.length)}\n${table}\n${doc.slice(end)}`);
  console.log('docs/performance.md updated');
}
