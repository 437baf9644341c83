import { existsSync, realpathSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve, sep } from 'node:path';
import type { LoadError } from '../model/types.js';
import { constructInfoOf } from './creation-stack.js';
import type { SourceDocument } from './document.js';
import { classifyManifest, show } from './manifest.js';
import { escapeToken } from './pointer.js';
import type { ReadOptions } from './read.js';
import { readDocument } from './read.js';
import type { Acknowledgement, LoadedStack, StackEnvironment } from './stack.js';
import { asObject } from '../model/json.js';

/** Nested assemblies (stages) deeper than this are not loaded; the CDK nests one per `Stage` inside a `Stage`. */
export const MAX_STAGE_DEPTH = 16;
/** Nested stacks deeper than this are not loaded (each level is an `AWS::CloudFormation::Stack` in its parent). */
export const MAX_NESTED_DEPTH = 16;
/**
 * Stacks one assembly may yield. Nested stacks multiply (a template with 100 nested stacks, each naming a template
 * with 100 more, is 10,000 stacks from two files), so the total is bounded as well as the depth.
 */
export const MAX_ASSEMBLY_STACKS = 10_000;

export interface AssemblySink {
  stacks: LoadedStack[];
  errors: LoadError[];
  files: number;
  /** Relative display path of an absolute path. */
  display(absPath: string): string;
  options: ReadOptions;
  /**
   * Follow symbolic links that lead out of the assembly folder. Off by default: a manifest path may then only
   * name a file whose real path is inside the assembly folder.
   */
  followSymlinks: boolean;
  /** Real paths of the files assemblies read (manifests, templates, metadata): walking does not load them again. */
  consumed: Set<string>;
  /** Real paths of the manifests loaded, so an assembly reached twice (by walking and as a stage) loads once. */
  manifests: Set<string>;
}

/** A file the assembly names: the path to open (its real path, once checked) and the path to show. */
interface Named {
  path: string;
  shown: string;
}

/** One root assembly being loaded: the folder its files must stay in, and its budget of stacks. */
interface Scope {
  sink: AssemblySink;
  /** The root assembly's folder as given (absolute) and as its real path. */
  root: string;
  rootReal: string;
  stacks: number;
  /** Templates already read, by real path (undefined: it failed, and that was reported once). */
  templates: Map<string, SourceDocument | undefined>;
}

/**
 * Loads a CDK cloud assembly from its `manifest.json` (already read and classified as an assembly by the caller):
 * one stack per `aws:cloudformation:stack` artifact, with environment, termination protection and construct
 * paths; nested assemblies (stages) and nested stack templates (`aws:asset:path` on `AWS::CloudFormation::Stack`)
 * are followed. Every path the manifest or a template names must stay inside the assembly folder, every walk
 * has a visited set and a depth bound, and each problem is an `ASSEMBLY` error located where the path is named.
 */
export function loadAssembly(manifestPath: string, manifest: SourceDocument, sink: AssemblySink): void {
  const real = safeRealpath(manifestPath);
  if (sink.manifests.has(real)) return;
  const root = dirname(manifestPath);
  const scope: Scope = { sink, root, rootReal: safeRealpath(root), stacks: 0, templates: new Map() };
  sink.manifests.add(real);
  sink.consumed.add(real);
  sink.files++;
  loadManifest(scope, root, manifest, '', [real]);
}

function loadManifest(scope: Scope, dir: string, manifest: SourceDocument, prefix: string, chain: readonly string[]): void {
  const { sink } = scope;
  const kind = classifyManifest(manifest.value, true);
  if (kind.kind !== 'assembly') {
    if (kind.kind === 'malformed') sink.errors.push(located(manifest, kind.problem.pointer, 'ASSEMBLY', kind.problem.message));
    return;
  }
  // Malformed artifacts are errors; the well-formed ones still load.
  const broken = new Set<string>();
  for (const problem of kind.problems) {
    sink.errors.push(located(manifest, problem.pointer, 'ASSEMBLY', problem.message));
    broken.add(problem.pointer.split('/').slice(0, 3).join('/'));
  }
  const artifacts = asObject(asObject(manifest.value)?.['artifacts']) ?? {};
  for (const id of Object.keys(artifacts).sort()) {
    const pointer = `/artifacts/${escapeToken(id)}`;
    if (broken.has(pointer)) continue;
    const artifact = asObject(artifacts[id]) ?? {};
    const properties = asObject(artifact['properties']) ?? {};
    if (artifact['type'] === 'cdk:cloud-assembly') {
      loadStage(scope, dir, manifest, `${pointer}/properties/directoryName`, properties['directoryName'], `${prefix}${id}/`, chain);
      continue;
    }
    if (artifact['type'] !== 'aws:cloudformation:stack') continue;
    if (scope.stacks >= MAX_ASSEMBLY_STACKS) {
      sink.errors.push(
        located(
          manifest,
          pointer,
          'ASSEMBLY',
          `more than ${MAX_ASSEMBLY_STACKS} stacks in one assembly: '${id}' and the rest are not loaded`,
        ),
      );
      return;
    }
    const templateAt = `${pointer}/properties/templateFile`;
    const templatePath = inside(scope, dir, properties['templateFile'], manifest, templateAt, `stack artifact '${id}': templateFile`);
    if (!templatePath) continue;
    const template = readTemplate(scope, templatePath, namedBy(manifest, templateAt));
    if (!template) continue;
    const metadataFile = artifact['additionalMetadataFile'] ?? properties['additionalMetadataFile'];
    const metadataAt = `${pointer}${artifact['additionalMetadataFile'] !== undefined ? '' : '/properties'}/additionalMetadataFile`;
    const metadata = [
      { document: manifest, pointer: `${pointer}/metadata`, value: artifact['metadata'] },
      // The manifest names the file on the artifact itself (cloud-assembly schema 3x+), not in its properties.
      ...additionalMetadata(scope, dir, metadataFile, manifest, metadataAt, id),
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
    scope.stacks++;
    sink.stacks.push(stack);
    loadNestedStacks(scope, stack, dir, templateFilesOf(...metadata.map((m) => m.value)), [safeRealpath(templatePath.path)]);
  }
}

/** A nested cloud assembly (a CDK `Stage`): its folder is named by `directoryName`, relative to this manifest. */
function loadStage(
  scope: Scope,
  dir: string,
  manifest: SourceDocument,
  at: string,
  directoryName: unknown,
  prefix: string,
  chain: readonly string[],
): void {
  const { sink } = scope;
  const stageDir = inside(scope, dir, directoryName, manifest, at, 'nested assembly: directoryName');
  if (!stageDir) return;
  const manifestPath = join(stageDir.shown, 'manifest.json');
  const real = safeRealpath(manifestPath);
  if (chain.includes(real)) {
    sink.errors.push(
      located(
        manifest,
        at,
        'ASSEMBLY',
        `nested assembly ${show(directoryName)} is this assembly or one that contains it (a loop): not loaded again`,
      ),
    );
    return;
  }
  // Reached before, by another path (two stages naming one folder, or walking): loaded once.
  if (sink.manifests.has(real)) return;
  if (chain.length > MAX_STAGE_DEPTH) {
    sink.errors.push(
      located(manifest, at, 'ASSEMBLY', `nested assemblies deeper than ${MAX_STAGE_DEPTH} levels: ${show(directoryName)} is not loaded`),
    );
    return;
  }
  sink.manifests.add(real);
  sink.consumed.add(real);
  const outcome = readDocument(real, sink.display(manifestPath), sink.options);
  sink.files++;
  if ('error' in outcome) {
    const e = outcome.error;
    sink.errors.push({ ...e, code: e.code === 'PARSE' ? 'ASSEMBLY' : e.code, message: `${e.message} ${namedBy(manifest, at)}` });
    return;
  }
  loadManifest(scope, stageDir.shown, outcome.document, prefix, [...chain, real]);
}

/**
 * Resolves a path named by the assembly, relative to `dir`, and returns it when it stays inside the root
 * assembly folder: not absolute, no `..` out of it, and (unless links are followed) no symbolic link out of it
 * either. Otherwise the error names the entry and the path is never opened. A missing file passes here; reading
 * it reports NOT_FOUND.
 */
function inside(scope: Scope, dir: string, name: unknown, document: SourceDocument, at: string, what: string): Named | undefined {
  const refuse = (why: string): undefined => {
    scope.sink.errors.push(located(document, at, 'ASSEMBLY', `${what} ${show(name)} ${why}: not read`));
    return undefined;
  };
  if (typeof name !== 'string' || name === '') return refuse('is not a file name');
  // Windows forms too (`C:\…`, `\\server\…`): a manifest written elsewhere must not reach outside either.
  if (isAbsolute(name) || /^[A-Za-z]:[\\/]|^[\\/]/.test(name))
    return refuse('is an absolute path; an assembly names its files relative to itself');
  if (name.includes('\u0000')) return refuse('holds a NUL character');
  const abs = resolve(dir, name);
  if (!within(scope.root, abs)) return refuse('leads out of the assembly folder');
  if (scope.sink.followSymlinks) return { path: abs, shown: abs };
  const real = realpathOrNull(abs);
  if (real !== null && !within(scope.rootReal, real)) return refuse('leads out of the assembly folder through a symbolic link');
  // The real path is opened, so that a link changed after this check cannot lead elsewhere.
  return { path: real ?? abs, shown: abs };
}

function within(root: string, path: string): boolean {
  return path === root || path.startsWith(root.endsWith(sep) ? root : root + sep);
}

/** `(named by cdk.out/manifest.json:12:9)`: where the assembly names a file that failed to load. */
function namedBy(document: SourceDocument, pointer: string): string {
  const { range } = document.locate(pointer);
  return `(named by ${document.file}:${range.start.line}:${range.start.column})`;
}

function readTemplate(scope: Scope, file: Named, named: string): SourceDocument | undefined {
  const { sink } = scope;
  const real = safeRealpath(file.path);
  if (scope.templates.has(real)) return scope.templates.get(real);
  sink.consumed.add(real);
  const outcome = readDocument(file.path, sink.display(file.shown), sink.options);
  sink.files++;
  let document: SourceDocument | undefined;
  if ('error' in outcome) sink.errors.push({ ...outcome.error, message: `${outcome.error.message} ${named}` });
  else if (!asObject(outcome.document.value)) {
    // The manifest says this is a stack template, so any mapping is one: the CDK writes a stack with no resources
    // as `Parameters` and `Rules` only.
    sink.errors.push({
      file: outcome.document.file,
      code: 'NOT_A_TEMPLATE',
      message: `a stack template must be a mapping ${named}`,
      line: 1,
      column: 1,
    });
  } else document = outcome.document;
  scope.templates.set(real, document);
  return document;
}

/**
 * Nested stacks are assets of the parent: an `AWS::CloudFormation::Stack` resource names its template file in
 * `aws:asset:path` when asset metadata is on (the CDK CLI's default). Without it (`app.synth()` in a script,
 * `cdk synth --no-asset-metadata`), the stack metadata's `aws:cdk:templateFile` entry at the nested stack's
 * construct path names it. `chain` holds the real paths of the templates from the root stack down to `parent`:
 * a template that names one of them is a loop, reported and not followed.
 */
function loadNestedStacks(
  scope: Scope,
  parent: LoadedStack,
  dir: string,
  templateFiles: ReadonlyMap<string, string>,
  chain: readonly string[],
): void {
  const { sink } = scope;
  const resources = asObject(asObject(parent.template.value)?.['Resources']) ?? {};
  for (const logicalId of Object.keys(resources).sort()) {
    const resource = asObject(resources[logicalId]);
    if (resource?.['Type'] !== 'AWS::CloudFormation::Stack') continue;
    const metadata = asObject(resource['Metadata']);
    const cdkPath = typeof metadata?.['aws:cdk:path'] === 'string' ? metadata['aws:cdk:path'] : parent.constructPaths.get(logicalId);
    // The resource is `Parent/Name.NestedStack/Name.NestedStackResource`; the nested stack itself is `Parent/Name`.
    const constructPath = cdkPath === undefined ? null : cdkPath.replace(/\.NestedStack\/[^/]*\.NestedStackResource$/, '');
    const fromMetadata = metadata?.['aws:asset:path'];
    const assetPath = fromMetadata !== undefined ? fromMetadata : constructPath && templateFiles.get(constructPath);
    // A plain template's nested stack lives in S3 (TemplateURL): nothing to load here.
    if (assetPath === undefined || assetPath === null || assetPath === '') continue;
    const pointer = `/Resources/${escapeToken(logicalId)}`;
    const at = fromMetadata !== undefined ? `${pointer}/Metadata/aws:asset:path` : pointer;
    const path = inside(scope, dir, assetPath, parent.template, at, `nested stack '${logicalId}': template`);
    if (!path) continue;
    if (!existsSync(path.path)) {
      sink.errors.push(
        located(
          parent.template,
          at,
          'ASSEMBLY',
          `nested stack '${logicalId}' names template ${show(assetPath)}, which is not in the assembly`,
        ),
      );
      continue;
    }
    const real = safeRealpath(path.path);
    const refuse = (message: string) => sink.errors.push(located(parent.template, at, 'ASSEMBLY', message));
    if (chain.includes(real)) {
      refuse(
        `nested stack '${logicalId}' names template ${show(assetPath)}, which is this stack or one of its parents (a loop): not loaded again`,
      );
      continue;
    }
    if (chain.length > MAX_NESTED_DEPTH) {
      refuse(`nested stacks deeper than ${MAX_NESTED_DEPTH} levels: '${logicalId}' is not loaded`);
      continue;
    }
    if (scope.stacks >= MAX_ASSEMBLY_STACKS) {
      refuse(`more than ${MAX_ASSEMBLY_STACKS} stacks in one assembly: nested stack '${logicalId}' and the rest are not loaded`);
      return;
    }
    const template = readTemplate(scope, path, namedBy(parent.template, at));
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
    scope.stacks++;
    sink.stacks.push(nested);
    loadNestedStacks(scope, nested, dir, templateFiles, [...chain, real]);
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
  scope: Scope,
  dir: string,
  file: unknown,
  manifest: SourceDocument,
  at: string,
  id: string,
): { document: SourceDocument; pointer: string; value: unknown }[] {
  if (file === undefined) return [];
  const path = inside(scope, dir, file, manifest, at, `stack artifact '${id}': additionalMetadataFile`);
  if (!path || !existsSync(path.path)) return [];
  scope.sink.consumed.add(safeRealpath(path.path));
  const outcome = readDocument(path.path, scope.sink.display(path.shown), scope.sink.options);
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

function safeRealpath(path: string): string {
  return realpathOrNull(path) ?? path;
}

function realpathOrNull(path: string): string | null {
  try {
    return realpathSync.native(path);
  } catch {
    return null;
  }
}
