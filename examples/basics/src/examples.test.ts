// Runs every example as a user would (`pnpm --filter @fluxgate/example-basics run <name>`),
// against the built packages, so none of them rots. Each must exit 0, write nothing to stderr
// and print what its comments promise.
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';

const packageDir = resolve(__dirname, '..');

function runExample(
  name: string,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, ['--import', 'tsx', `src/${name}.ts`], {
      cwd: packageDir,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on('close', (code) => done({ code, stdout, stderr }));
  });
}

const EXPECTED: Record<string, RegExp[]> = {
  'sync-breaker': [
    /call 3: failed: rates\.json is being rewritten/,
    /rates: closed -> open/,
    /call 4: EUR = 1\.08 \(open\)/,
    /rates: open -> half_open\n.*rates: half_open -> closed\ncall 6: EUR = 1\.09 \(closed\)/,
  ],
  'fetch-with-fallback': [
    /outage 1: service 503 .*\[closed\]/,
    /outage 3: service 503 .*\[open\]/,
    /outage 4: fallback \(cached\) \{"price":19\.99,"cached":true\}/,
    /recovered: service 200 .*\[closed\]/,
    /the pricing service answered 5 of 7 calls/,
  ],
  'retry-after-server': [
    /GET \/orders -> 500\nGET \/orders -> 500\n/,
    /GET \/orders -> 503 Retry-After: [45]\n/,
    /after reset\(\) -> 200 \["order-1","order-2"\]/,
  ],
  'webhook-listener': [
    /state after 12 calls: open/,
    /webhook got \{"circuit":"inventory","from":"closed","to":"open",.*"failures":3,"calls":9\}/,
    /webhook got \{"circuit":"inventory","from":"open","to":"closed"/,
  ],
  'per-host-fetch': [
    /round 3 reviews: 503 \{"error":"reviews is down"\}\n/,
    /round 4 pricing: 200 .*\nround 4 inventory: 200 .*\nround 4 reviews: rejected at once, Retry-After: (59|60)\n/,
    /circuits: inventory=closed pricing=closed reviews=open\n/,
    /circuit_breaker_state\{circuit_name="reviews",state="open"\} 1\n/,
    /series for: inventory, pricing, reviews\n/,
    /after a fourth upstream, series for: inventory, reviews, search\n/,
  ],
  'per-tenant-metrics': [
    /series for search:acme, search:globex\n/,
    /series for search:globex, search:initech\n/,
  ],
};

describe.each(Object.keys(EXPECTED))('example %s', (name) => {
  it('runs to completion and prints what it promises', async () => {
    const { code, stdout, stderr } = await runExample(name);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    for (const pattern of EXPECTED[name]!) expect(stdout).toMatch(pattern);
  }, 20_000);
});

it('every example file is covered by this test and has a script in package.json', () => {
  const files = readdirSync(resolve(packageDir, 'src'))
    .filter(
      (file) => file.endsWith('.ts') && !file.endsWith('.test.ts') && file !== 'local-service.ts',
    )
    .map((file) => file.replace(/\.ts$/, ''));
  expect(files.sort()).toEqual(Object.keys(EXPECTED).sort());
  const { scripts } = JSON.parse(readFileSync(resolve(packageDir, 'package.json'), 'utf8')) as {
    scripts: Record<string, string>;
  };
  for (const name of files) expect(scripts[name]).toBe(`tsx src/${name}.ts`);
});
