// One synth of the bundled prototype app, timed from the plugin's import to the end of synth (bench/cdk-synth.mjs
// runs it in a fresh process per round). Usage: node bench/cdk-synth-child.mjs <none|stackwarden|cdk-nag> APP.mjs OUTDIR
// Prints {"ms": …}. A failed validation is expected (the prototype has findings): synth's throw is caught.
import * as cdk from 'aws-cdk-lib';

const [mode, appModule, outdir] = process.argv.slice(2);
const { buildApp } = await import(appModule);
const app = buildApp(outdir);
const t0 = performance.now();
if (mode === 'stackwarden') {
  const { StackWardenValidator } = await import('../dist/cdk/index.js');
  cdk.Validations.of(app).addPlugins(new StackWardenValidator({ config: false }));
} else if (mode === 'cdk-nag') {
  const { AwsSolutionsChecks } = await import('cdk-nag');
  cdk.Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
}
const error = console.error;
console.error = () => {};
try {
  app.synth();
} catch {
  // The report is the plugin's output; its failure is not the bench's.
}
console.error = error;
console.log(JSON.stringify({ ms: performance.now() - t0 }));
