import type { Pointer } from '../model/types.js';
import type { SourceDocument } from './document.js';

/** Where a stack will be deployed, when the assembly says so. */
export interface StackEnvironment {
  account: string | null;
  region: string | null;
}

/**
 * A `Validations.of(construct).acknowledge({ id, reason })` that the CDK recorded in the cloud assembly: an
 * `aws:cdk:acknowledged-rules` metadata entry on the construct, whose data maps the id to the reason.
 */
export interface Acknowledgement {
  /** Construct path the entry is on, without the leading `/` (`Stack/Bucket`). It covers that subtree. */
  constructPath: string;
  /** The id as recorded, `<Namespace>::<rule>`: the CDK prefixes ids given without one with `Annotation::`. */
  id: string;
  /** The reason as recorded (any JSON value; the engine checks it). */
  reason: unknown;
  /** The entry's `data` key, in `<Stack>.metadata.json` (or in manifest.json, for older CDK versions). */
  at: { document: SourceDocument; pointer: Pointer };
}

/**
 * One template to analyze, with what the CDK cloud assembly knows about it. A plain template is a stack with
 * no name, no environment and no termination-protection setting (a template cannot express it).
 */
export interface LoadedStack {
  /** Unique within a run: the artifact id path for assemblies (`Stage/Stack`), the file for templates. */
  id: string;
  /** The CloudFormation stack name, or null for a plain template. */
  name: string | null;
  template: SourceDocument;
  env: StackEnvironment;
  /** From `manifest.json`; null where the input cannot express it (plain templates, nested stacks). */
  terminationProtection: boolean | null;
  /** Where the assembly declares this stack: manifest.json and the artifact's pointer. */
  declaredAt: { document: SourceDocument; pointer: Pointer } | null;
  /** Construct path of the stack itself (`Stage/Stack`), for CDK input. */
  constructPath: string | null;
  /** Construct paths by logical id, from the manifest's `aws:cdk:logicalId` metadata. */
  constructPaths: ReadonlyMap<string, string>;
  /** For a nested stack: the parent stack id and the `AWS::CloudFormation::Stack` resource that creates it. */
  nestedIn: { stackId: string; logicalId: string } | null;
  /** CDK acknowledgements recorded on this stack's constructs (nested stacks' constructs included). */
  acknowledgements?: readonly Acknowledgement[];
  /** Creation sites and framework markers of the stack's constructs, from the assembly (load/creation-stack.ts). */
  constructs?: import('./creation-stack.js').ConstructInfo;
}

/** What loading produced: stacks to analyze and errors, both in a deterministic order. */
export interface LoadResult {
  stacks: LoadedStack[];
  errors: import('../model/types.js').LoadError[];
  /** Number of source files read (templates and manifests). */
  files: number;
  /** Files found by walking and not scanned, with the reason, in path order. */
  skipped?: SkippedFile[];
  /**
   * Absolute paths of every file the load read or tried to read (templates, manifests, metadata), sorted. The
   * CLI refuses to write an output over any of them.
   */
  inputFiles?: string[];
}

/** A file that walking found and did not scan. */
export interface SkippedFile {
  /** Path relative to the working directory. */
  file: string;
  /**
   * `not-template`: JSON or YAML that is not a CloudFormation template; `not-in-assembly`: inside a cloud
   * assembly's folder but not named by its manifest; `symlink-out`: a symbolic link that leads out of the
   * scanned folders (not followed without `followSymlinks`).
   */
  kind: 'not-template' | 'not-in-assembly' | 'symlink-out';
  reason: string;
}

/** A value is a CloudFormation template when it is a mapping with `Resources` or `AWSTemplateFormatVersion`. */
export function isTemplateValue(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const resources = (value as Record<string, unknown>)['Resources'];
  return (resources !== null && typeof resources === 'object' && !Array.isArray(resources)) || 'AWSTemplateFormatVersion' in value;
}
