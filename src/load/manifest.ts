import type { Pointer } from '../model/types.js';
import { escapeToken } from './pointer.js';
import { asObject } from '../model/json.js';

type Json = Record<string, unknown>;

/**
 * Artifact types of the cloud-assembly schema (`@aws-cdk/cloud-assembly-schema`, `ArtifactType`). A type outside
 * this list is an error rather than something to skip: a security gate must not pass over an artifact whose
 * meaning it does not know (it could be a stack in a new form).
 */
export const ARTIFACT_TYPES = [
  'none',
  'aws:cloudformation:stack',
  'cdk:asset-manifest',
  'cdk:tree',
  'cdk:cloud-assembly',
  'cdk:feature-flag-report',
] as const;

/** A manifest version as the CDK writes it: a semantic version (`36.0.0`, `48.0.0`). */
const VERSION = /^\d+\.\d+\.\d+([-+].*)?$/;

/** One problem in a manifest, at a pointer into manifest.json. */
export interface ManifestProblem {
  pointer: Pointer;
  message: string;
}

/**
 * What a `manifest.json` is:
 * - `assembly`: a cloud-assembly manifest. `problems` lists artifacts that are malformed (they are not loaded;
 *   the others are);
 * - `malformed`: it claims to be one (a `version` like the CDK's and an `artifacts` key, or it sits in a
 *   `cdk.out` folder) but its shape is wrong, so none of it can be trusted;
 * - `other`: some other file that happens to be called manifest.json (a web app manifest, a browser
 *   extension's); its folder is walked like any other.
 */
export type ManifestKind =
  | { kind: 'assembly'; problems: ManifestProblem[] }
  | { kind: 'malformed'; problem: ManifestProblem }
  | { kind: 'other' };

/**
 * Classifies a parsed manifest.json. `inCdkOut` says that its folder is a cloud assembly by name (`cdk.out`) or
 * by its `cdk.out` version file, so that anything wrong with the manifest is an error, never a silent pass.
 */
export function classifyManifest(value: unknown, inCdkOut: boolean): ManifestKind {
  const object = asObject(value);
  const version = object?.['version'];
  const claims = inCdkOut || (typeof version === 'string' && VERSION.test(version) && object !== undefined && 'artifacts' in object);
  if (!claims) return { kind: 'other' };
  const malformed = (pointer: Pointer, message: string): ManifestKind => ({ kind: 'malformed', problem: { pointer, message } });
  if (!object) return malformed('', 'manifest.json must be an object');
  if (typeof version !== 'string' || !VERSION.test(version))
    return malformed(version === undefined ? '' : '/version', `manifest.json needs a "version" like "36.0.0", not ${show(version)}`);
  const artifacts = object['artifacts'];
  // A CDK app without stacks writes no artifacts at all: that is an empty assembly, not a broken one.
  if (artifacts === undefined) return { kind: 'assembly', problems: [] };
  if (!asObject(artifacts)) return malformed('/artifacts', `"artifacts" must be an object of artifacts, not ${show(artifacts)}`);
  const problems: ManifestProblem[] = [];
  for (const [id, artifact] of Object.entries(artifacts as Json)) {
    const pointer = `/artifacts/${escapeToken(id)}`;
    const problem = artifactProblem(id, artifact);
    if (problem) problems.push({ pointer: pointer + problem.at, message: problem.message });
  }
  return { kind: 'assembly', problems };
}

/** What is wrong with one artifact, and where below its pointer; undefined when it can be loaded. */
function artifactProblem(id: string, value: unknown): { at: string; message: string } | undefined {
  const artifact = asObject(value);
  if (!artifact) return { at: '', message: `artifact '${id}' must be an object, not ${show(value)}` };
  const type = artifact['type'];
  if (typeof type !== 'string' || !(ARTIFACT_TYPES as readonly string[]).includes(type))
    return {
      at: type === undefined ? '' : '/type',
      message: `artifact '${id}' has type ${show(type)}, which is not a cloud-assembly artifact type (known: ${ARTIFACT_TYPES.join(', ')})`,
    };
  const properties = artifact['properties'];
  if (properties !== undefined && !asObject(properties))
    return { at: '/properties', message: `artifact '${id}': "properties" must be an object, not ${show(properties)}` };
  const required = type === 'aws:cloudformation:stack' ? 'templateFile' : type === 'cdk:cloud-assembly' ? 'directoryName' : undefined;
  if (required === undefined) return undefined;
  const file = asObject(properties)?.[required];
  if (typeof file !== 'string' || file === '')
    return {
      at: file === undefined ? '' : `/properties/${required}`,
      message: `${type === 'aws:cloudformation:stack' ? 'stack' : 'nested assembly'} artifact '${id}' has no ${required}`,
    };
  return undefined;
}

/** A value for a message: short, and never the whole of a huge input. */
export function show(value: unknown): string {
  if (value === undefined) return 'nothing';
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
