import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { LoadError } from '../model/types.js';
import { constructInfoOf } from './creation-stack.js';
import type { SourceDocument } from './document.js';
import { escapeToken } from './pointer.js';
import type { ReadOptions } from './read.js';
import { readDocument } from './read.js';
import type { Acknowledgement, LoadedStack, StackEnvironment } from './stack.js';

type Json = Record<string, unknown>;

/** True when a manifest.json value is a CDK cloud-assembly manifest. */
export function isAssemblyManifest(value: unknown): value is Json {
  return !!value && typeof value === 'object' && !Array.isArray(value) && 'artifacts' in value && 'version' in value;
}

export interface AssemblySink {
  stacks: LoadedStack[];
  errors: LoadError[];
  files: number;
  /** Relative display path of an absolute path. */
  display(absPath: string): string;
  options: ReadOptions;
}

/**
 * Loads a CDK cloud assembly from its `manifest.json`: one stack per `aws:cloudformation:stack` artifact, with
 * environment, termination protection and construct paths; nested assemblies (stages) and nested stack
 * templates (`aws:asset:path` on `AWS::CloudFormation::Stack`) are followed.
 */
export function loadAssembly(manifestPath: string, sink: AssemblySink, prefix = '', seen = new Set<string>()): void {
  if (seen.has(manifestPath)) return;
  seen.add(manifestPath);
  const outcome = readDocument(manifestPath, sink.display(manifestPath), sink.options);
  sink.files++;
  if ('error' in outcome) {
    sink.errors.push({ ...outcome.error, code: outcome.error.code === 'PARSE' ? 'ASSEMBLY' : outcome.error.code });
    return;
  }
  const manifest = outcome.document;
  if (!isAssemblyManifest(manifest.value)) {
    sink.errors.push({ file: manifest.file, code: 'ASSEMBLY', message: 'manifest.json has no artifacts', line: 1, column: 1 });
    return;
  }
  const dir = dirname(manifestPath);
  const artifacts = asObject(manifest.value['artifacts']) ?? {};
  for (const id of Object.keys(artifacts).sort()) {
    const artifact = asObject(artifacts[id]) ?? {};
    const properties = asObject(artifact['properties']) ?? {};
    const pointer = `/artifacts/${escapeToken(id)}`;
    if (artifact['type'] === 'cdk:cloud-assembly' && typeof properties['directoryName'] === 'string') {
      loadAssembly(join(dir, properties['directoryName'], 'manifest.json'), sink, `${prefix}${id}/`, seen);
      continue;
    }
    if (artifact['type'] !== 'aws:cloudformation:stack') continue;
    const templateFile = properties['templateFile'];
    if (typeof templateFile !== 'string') {
      sink.errors.push(located(manifest, pointer, 'ASSEMBLY', `stack artifact '${id}' has no templateFile`));
      continue;
    }
    const template = readTemplate(join(dir, templateFile), sink);
    if (!template) continue;
    const metadata = [
      { document: manifest, pointer: `${pointer}/metadata`, value: artifact['metadata'] },
      // The manifest names the file on the artifact itself (cloud-assembly schema 3x+), not in its properties.
      ...additionalMetadata(dir, artifact['additionalMetadataFile'] ?? properties['additionalMetadataFile'], sink),
    ];
    const stack: LoadedStack = {
      id: prefix + id,
      name: typeof properties['stackName'] === 'string' ? properties['stackName'] : id,
      template,
      env: parseEnvironment(artifact['environment']),
      terminationProtection: properties['terminationProtection'] === true,
      declaredAt: { document: manifest, pointer },
      constructPath: typeof artifact['displayName'] === 'string' ? artifact['displayName'] : prefix + id,
      constructPaths: constructPathsOf(...metadata.map((m) => m.value)),
      nestedIn: null,
      acknowledgements: acknowledgementsOf(metadata),
      constructs: constructInfoOf(sink.display, ...metadata.map((m) => m.value)),
    };
    sink.stacks.push(stack);
    loadNestedStacks(stack, dir, sink, templateFilesOf(...metadata.map((m) => m.value)));
  }
}

function readTemplate(absPath: string, sink: AssemblySink): SourceDocument | undefined {
  const outcome = readDocument(absPath, sink.display(absPath), sink.options);
  sink.files++;
  if ('error' in outcome) {
    sink.errors.push(outcome.error);
    return undefined;
  }
  // The manifest says this is a stack template, so any mapping is one: the CDK writes a stack with no resources
  // as `Parameters` and `Rules` only.
  const value = outcome.document.value;
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    sink.errors.push({
      file: outcome.document.file,
      code: 'NOT_A_TEMPLATE',
      message: 'a stack template must be a mapping',
      line: 1,
      column: 1,
    });
    return undefined;
  }
  return outcome.document;
}

/**
 * Nested stacks are assets of the parent: an `AWS::CloudFormation::Stack` resource names its template file in
 * `aws:asset:path` when asset metadata is on (the CDK CLI's default). Without it (`app.synth()` in a script,
 * `cdk synth --no-asset-metadata`), the stack metadata's `aws:cdk:templateFile` entry at the nested stack's
 * construct path names it.
 */
function loadNestedStacks(parent: LoadedStack, dir: string, sink: AssemblySink, templateFiles: ReadonlyMap<string, string>): void {
  const resources = asObject(asObject(parent.template.value)?.['Resources']) ?? {};
  for (const logicalId of Object.keys(resources).sort()) {
    const resource = asObject(resources[logicalId]);
    if (resource?.['Type'] !== 'AWS::CloudFormation::Stack') continue;
    const metadata = asObject(resource['Metadata']);
    const cdkPath = typeof metadata?.['aws:cdk:path'] === 'string' ? metadata['aws:cdk:path'] : parent.constructPaths.get(logicalId);
    // The resource is `Parent/Name.NestedStack/Name.NestedStackResource`; the nested stack itself is `Parent/Name`.
    const constructPath = cdkPath === undefined ? null : cdkPath.replace(/\.NestedStack\/[^/]*\.NestedStackResource$/, '');
    const assetPath =
      typeof metadata?.['aws:asset:path'] === 'string' ? metadata['aws:asset:path'] : constructPath && templateFiles.get(constructPath);
    // A plain template's nested stack lives in S3 (TemplateURL): nothing to load here.
    if (!assetPath) continue;
    if (!existsSync(join(dir, assetPath))) {
      const pointer = `/Resources/${escapeToken(logicalId)}`;
      sink.errors.push(
        located(
          parent.template,
          pointer,
          'ASSEMBLY',
          `nested stack '${logicalId}' names template '${assetPath}', which is not in the assembly`,
        ),
      );
      continue;
    }
    const template = readTemplate(join(dir, assetPath), sink);
    if (!template) continue;
    const nested: LoadedStack = {
      id: `${parent.id}/${logicalId}`,
      name: `${parent.name}/${logicalId}`,
      template,
      env: parent.env,
      // Termination protection is set on the root stack and covers its nested stacks.
      terminationProtection: null,
      declaredAt: null,
      constructPath,
      // The root stack's metadata also covers the resources of its nested stacks, under the nested stack's path.
      constructPaths: new Map(
        [...parent.constructPaths].filter(([, path]) => constructPath !== null && path.startsWith(`${constructPath}/`)),
      ),
      nestedIn: { stackId: parent.id, logicalId },
      // The root stack's metadata describes the nested stack's constructs too.
      constructs: parent.constructs,
    };
    sink.stacks.push(nested);
    loadNestedStacks(nested, dir, sink, templateFiles);
  }
}

/** `aws://123456789012/us-east-1`; `unknown-account` / `unknown-region` mean environment-agnostic. */
export function parseEnvironment(value: unknown): StackEnvironment {
  const match = typeof value === 'string' ? /^aws:\/\/([^/]*)\/(.*)$/.exec(value) : null;
  const account = match?.[1];
  const region = match?.[2];
  return {
    account: account && account !== 'unknown-account' ? account : null,
    region: region && region !== 'unknown-region' ? region : null,
  };
}

/** Newer CDK versions move stack metadata out of manifest.json into `<Stack>.metadata.json`. */
function additionalMetadata(
  dir: string,
  file: unknown,
  sink: AssemblySink,
): { document: SourceDocument; pointer: string; value: unknown }[] {
  if (typeof file !== 'string' || !existsSync(join(dir, file))) return [];
  const outcome = readDocument(join(dir, file), sink.display(join(dir, file)), sink.options);
  return 'document' in outcome ? [{ document: outcome.document, pointer: '', value: outcome.document.value }] : [];
}

/**
 * `Validations.of(c).acknowledge({ id, reason })` records `{ type: 'aws:cdk:acknowledged-rules', data: { [id]: reason } }`
 * on the construct (aws-cdk-lib 2.27x). The optional `where` filter is not recorded; acknowledgements made on the App
 * or a Stage are not written to any stack's metadata, so they cannot be seen here.
 */
function acknowledgementsOf(sources: readonly { document: SourceDocument; pointer: string; value: unknown }[]): Acknowledgement[] {
  const out: Acknowledgement[] = [];
  for (const { document, pointer, value } of sources) {
    for (const [path, entries] of Object.entries(asObject(value) ?? {})) {
      if (!Array.isArray(entries)) continue;
      entries.forEach((entry, i) => {
        const e = asObject(entry);
        if (e?.['type'] !== 'aws:cdk:acknowledged-rules') return;
        for (const [id, reason] of Object.entries(asObject(e['data']) ?? {}))
          out.push({
            constructPath: path.replace(/^\//, ''),
            id,
            reason,
            at: { document, pointer: `${pointer}/${escapeToken(path)}/${i}/data/${escapeToken(id)}` },
          });
      });
    }
  }
  return out;
}

function constructPathsOf(...sources: unknown[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const [path, entries] of sources.flatMap((m) => Object.entries(asObject(m) ?? {}))) {
    if (!Array.isArray(entries)) continue;
    for (const entry of entries) {
      const e = asObject(entry);
      if (e?.['type'] === 'aws:cdk:logicalId' && typeof e['data'] === 'string') out.set(e['data'], path.replace(/^\//, ''));
    }
  }
  return out;
}

/** Template files by construct path (`aws:cdk:templateFile` metadata): the stack itself and its nested stacks. */
function templateFilesOf(...sources: unknown[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const [path, entries] of sources.flatMap((m) => Object.entries(asObject(m) ?? {}))) {
    if (!Array.isArray(entries)) continue;
    for (const entry of entries) {
      const e = asObject(entry);
      if (e?.['type'] === 'aws:cdk:templateFile' && typeof e['data'] === 'string') out.set(path.replace(/^\//, ''), e['data']);
    }
  }
  return out;
}

function located(document: SourceDocument, pointer: string, code: LoadError['code'], message: string): LoadError {
  const { range } = document.locate(pointer);
  return { file: document.file, code, message, line: range.start.line, column: range.start.column };
}

function asObject(value: unknown): Json | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : undefined;
}
