// End to end: the packed tarball installed into fresh projects outside the repository (so nothing resolves to
// the repository's node_modules; dependencies come from the npm registry), then the bin, an ESM import, a
// CommonJS require, and a `cdk init` TypeScript app whose `npx cdk synth` runs the validation plugin.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Log } from 'sarif';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../support/examples.js';

const INSTALL_TIMEOUT = 300_000;
let work: string;
let tarball: string;

/** The environment of a child npm: without the `npm_*` variables of a surrounding `npm test`. */
function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env))
    if (!key.toLowerCase().startsWith('npm_') && key !== 'NODE_OPTIONS') env[key] = value;
  return { ...env, NO_COLOR: '1', ...extra };
}

function npm(cwd: string, args: string[]): string {
  return execFileSync('npm', [...args, '--no-audit', '--no-fund', '--loglevel=error'], {
    cwd,
    env: cleanEnv(),
    encoding: 'utf8',
    timeout: INSTALL_TIMEOUT,
  });
}

function node(cwd: string, args: string[], env: Record<string, string> = {}) {
  return spawnSync(process.execPath, args, { cwd, env: cleanEnv(env), encoding: 'utf8', timeout: 120_000 });
}

const OPEN_SSH = JSON.stringify({
  Resources: {
    Ssh: {
      Type: 'AWS::EC2::SecurityGroup',
      Properties: {
        GroupDescription: 'ssh',
        SecurityGroupIngress: [{ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, CidrIp: '0.0.0.0/0' }],
      },
    },
  },
});

beforeAll(() => {
  // `npm test` builds first; a lone `vitest run` of this file builds if there is nothing to pack.
  if (!existsSync(join(REPO_ROOT, 'dist', 'cjs', 'index.js'))) npm(REPO_ROOT, ['run', 'build']);
  work = mkdtempSync(join(tmpdir(), 'stackwarden-e2e-'));
  // --ignore-scripts: dist is already built; `prepare` would rebuild it under the feet of other test files.
  const packed = JSON.parse(npm(REPO_ROOT, ['pack', '--ignore-scripts', '--json', '--pack-destination', work])) as { filename: string }[];
  tarball = join(work, packed[0]!.filename);
}, INSTALL_TIMEOUT);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('the packed tarball', () => {
  let project: string;
  beforeAll(() => {
    project = join(work, 'consumer');
    mkdirSync(project);
    writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'consumer', version: '1.0.0', private: true }));
    writeFileSync(join(project, 'template.json'), OPEN_SSH);
    npm(project, ['install', tarball]);
  }, INSTALL_TIMEOUT);

  it('publishes only what runs: no sources, tests or source maps', () => {
    const files = execFileSync('tar', ['-tzf', tarball], { encoding: 'utf8' }).split('\n').filter(Boolean);
    expect(files).toContain('package/dist/index.js');
    expect(files).toContain('package/dist/cjs/cdk/index.js');
    expect(files).toContain('package/dist/cjs/cdk/index.d.ts');
    // What AWS managed policies allow is data beside dist (src/iam/managed-policies.ts finds it from dist and dist/cjs).
    expect(files).toContain('package/data/aws-managed-policies.tsv');
    expect(files).toContain('package/NOTICE');
    expect(files.filter((f) => /\.map$|^package\/(src|test|bench|examples|scripts)\//.test(f))).toEqual([]);
  });

  it('runs the stackwarden bin', () => {
    const bin = join(project, 'node_modules', '.bin', 'stackwarden');
    const version = spawnSync(bin, ['--version'], { cwd: project, env: cleanEnv(), encoding: 'utf8' });
    expect(version.stdout.trim()).toBe(JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')).version);
    const scan = spawnSync(bin, ['scan', 'template.json', '--format', 'json'], { cwd: project, env: cleanEnv(), encoding: 'utf8' });
    expect(scan.status).toBe(1);
    expect((JSON.parse(scan.stdout) as { findings: { ruleId: string }[] }).findings.map((f) => f.ruleId)).toContain('ec2/no-open-ingress');
  });

  it('imports every entry from ESM', () => {
    writeFileSync(
      join(project, 'esm.mjs'),
      [
        "import { analyze } from 'stackwarden';",
        "import { StackWardenValidator, expectNoFindings } from 'stackwarden/cdk';",
        "import { defineRule, RuleTester } from 'stackwarden/rules';",
        "const ids = analyze(['template.json']).findings.map((f) => f.ruleId);",
        "console.log(JSON.stringify({ ids, cdk: typeof StackWardenValidator, helper: typeof expectNoFindings, rules: [typeof defineRule, typeof RuleTester], at: import.meta.resolve('stackwarden') }));",
      ].join('\n'),
    );
    const run = node(project, ['esm.mjs']);
    expect(run.stderr).toBe('');
    const out = JSON.parse(run.stdout) as { ids: string[]; cdk: string; helper: string; rules: string[]; at: string };
    expect(out).toMatchObject({ cdk: 'function', helper: 'function', rules: ['function', 'function'] });
    expect(out.ids).toContain('ec2/no-open-ingress');
    expect(out.at).toContain(`${project}/node_modules/stackwarden/dist/index.js`);
  });

  it('requires every entry from CommonJS, without require(esm) (as on Node 20.12)', () => {
    writeFileSync(
      join(project, 'cjs.cjs'),
      [
        "const { analyze } = require('stackwarden');",
        "const { StackWardenValidator } = require('stackwarden/cdk');",
        "const { defineRule } = require('stackwarden/rules');",
        "const ids = analyze(['template.json']).findings.map((f) => f.ruleId);",
        "console.log(JSON.stringify({ ids, cdk: typeof StackWardenValidator, rules: typeof defineRule, at: require.resolve('stackwarden/cdk'), version: new StackWardenValidator().version }));",
      ].join('\n'),
    );
    const run = node(project, ['--no-experimental-require-module', 'cjs.cjs']);
    expect(run.stderr).toBe('');
    const out = JSON.parse(run.stdout) as { ids: string[]; cdk: string; rules: string; at: string; version: string };
    expect(out).toMatchObject({ cdk: 'function', rules: 'function', at: join(project, 'node_modules/stackwarden/dist/cjs/cdk/index.js') });
    expect(out.ids).toContain('ec2/no-open-ingress');
    expect(out.version).toMatch(/^\d+\.\d+\.\d+/);
  });
});

describe('a `cdk init app --language typescript` app with the plugin, under the real CDK CLI', () => {
  let app: string;
  beforeAll(() => {
    app = join(work, 'sw-app');
    mkdirSync(app);
    // The CDK CLI's own template (CommonJS, ts-node), without installing: the test installs what it needs.
    execFileSync(
      process.execPath,
      [join(REPO_ROOT, 'node_modules', 'aws-cdk', 'bin', 'cdk'), 'init', 'app', '--language', 'typescript', '--generate-only'],
      {
        cwd: app,
        env: cleanEnv({ CDK_DISABLE_CLI_TELEMETRY: 'true' }),
        stdio: 'pipe',
      },
    );
    const manifest = JSON.parse(readFileSync(join(app, 'package.json'), 'utf8')) as {
      dependencies: Record<string, string>;
      devDependencies: Record<string, string>;
    };
    // aws-cdk 3.0.0's template pins aws-cdk-lib 2.187.0, older than the IPolicyValidationPlugin that StackWarden
    // implements (peer dependency ^2.276.0): a user updates it, as here, to the version the repository tests with.
    const repo = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { devDependencies: Record<string, string> };
    manifest.dependencies['aws-cdk-lib'] = repo.devDependencies['aws-cdk-lib']!;
    // Jest is not run here; leaving it out saves most of the install.
    for (const name of ['jest', 'ts-jest', '@types/jest']) delete manifest.devDependencies[name];
    writeFileSync(join(app, 'package.json'), JSON.stringify(manifest, null, 2));
    rmSync(join(app, 'test'), { recursive: true, force: true });
    writeFileSync(
      join(app, 'lib', 'sw-app-stack.ts'),
      [
        "import * as cdk from 'aws-cdk-lib';",
        "import * as s3 from 'aws-cdk-lib/aws-s3';",
        "import { Construct } from 'constructs';",
        '',
        'export class SwAppStack extends cdk.Stack {',
        '  constructor(scope: Construct, id: string, props?: cdk.StackProps) {',
        '    super(scope, id, props);',
        "    new s3.Bucket(this, 'Uploads');",
        '  }',
        '}',
        '',
      ].join('\n'),
    );
    const bin = readFileSync(join(app, 'bin', 'sw-app.ts'), 'utf8');
    // The one line a user adds (and its import).
    writeFileSync(
      join(app, 'bin', 'sw-app.ts'),
      `${bin.replace("import * as cdk from 'aws-cdk-lib';", "import * as cdk from 'aws-cdk-lib';\nimport { StackWardenValidator } from 'stackwarden/cdk';")}\ncdk.Validations.of(app).addPlugins(new StackWardenValidator());\n`,
    );
    npm(app, ['install']);
    npm(app, ['install', '--save-dev', tarball]);
  }, INSTALL_TIMEOUT);

  it('fails `npx cdk synth` with the violation report, on the TypeScript source line, and the SARIF points there too', {
    timeout: 240_000,
  }, () => {
    const synth = spawnSync('npx', ['cdk', 'synth', '--no-notices'], {
      cwd: app,
      env: cleanEnv({ CDK_DISABLE_CLI_TELEMETRY: 'true', CDK_VALIDATION: 'false' }),
      encoding: 'utf8',
      timeout: 220_000,
    });
    const output = synth.stdout + synth.stderr;
    expect(synth.status, output).not.toBe(0);
    expect(output).toContain("Acknowledge with 'StackWarden::s3/tls-only'");
    expect(output).toContain('SwAppStack/Uploads/Resource');
    // The CDK prints the creation site; StackWarden's findings carry it as `source` (below, in SARIF).
    expect(output).toContain('lib/sw-app-stack.ts:8:5');
    expect(readdirSync(join(app, 'cdk.out'))).toContain('validation-report.json');

    const scan = spawnSync(join(app, 'node_modules', '.bin', 'stackwarden'), ['scan', '--format', 'sarif'], {
      cwd: app,
      env: cleanEnv(),
      encoding: 'utf8',
    });
    expect(scan.status).toBe(1);
    const log = JSON.parse(scan.stdout) as Log;
    const tls = log.runs[0]!.results!.find((r) => r.ruleId === 's3/tls-only')!;
    expect(tls.locations![0]!.physicalLocation).toMatchObject({
      artifactLocation: { uri: 'lib/sw-app-stack.ts' },
      region: { startLine: 8, startColumn: 5 },
    });
    expect(tls.relatedLocations![0]!.physicalLocation!.artifactLocation!.uri).toBe('cdk.out/SwAppStack.template.json');
  });
});
