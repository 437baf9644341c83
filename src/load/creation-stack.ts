import { fileURLToPath } from 'node:url';
import type { SourceLocation } from '../model/types.js';
import { isObject } from '../model/json.js';

/**
 * What the cloud assembly's stack metadata says about the constructs, beyond their logical ids: where user
 * code created each one, and which ones aws-cdk-lib marks as its own custom-resource handlers.
 */
export interface ConstructInfo {
  /** Construct path (no leading `/`) → the first frame of its `aws:cdk:creationStack` in user code. */
  sources: ReadonlyMap<string, SourceLocation>;
  /**
   * Construct paths carrying an `aws:cdk:is-custom-resource-handler-*` entry: aws-cdk-lib adds it to the
   * handler functions it creates itself (singleton functions, custom-resource providers, log retention).
   */
  handlers: ReadonlyMap<string, string>;
  /**
   * Construct path → the aws-cdk-lib constructor that made it, when its creation stack starts in one
   * (`...new Distribution2 in aws-cdk-lib...` gives `Distribution`): for a construct an L2 made for itself (a
   * Distribution's log bucket), that L2; for one the user made, its own class (`Bucket`).
   */
  makers: ReadonlyMap<string, string>;
}

/** Frames read per construct: user code appears within the first few; the CDK records at most ten by default. */
const MAX_FRAMES = 32;
const MAX_FRAME_LENGTH = 2048;
const HANDLER_MARKER = 'aws:cdk:is-custom-resource-handler-';

/**
 * Reads `aws:cdk:creationStack` and the handler markers from stack metadata (`<Stack>.metadata.json`, or the
 * manifest artifact's `metadata`). `display` turns an absolute file of a frame into the run's relative path.
 * Never throws: entries of any other shape are skipped.
 */
export function constructInfoOf(display: (absPath: string) => string, ...metadata: unknown[]): ConstructInfo {
  const sources = new Map<string, SourceLocation>();
  const handlers = new Map<string, string>();
  const makers = new Map<string, string>();
  for (const value of metadata) {
    if (!isObject(value)) continue;
    for (const [key, entries] of Object.entries(value)) {
      if (!Array.isArray(entries)) continue;
      const path = key.replace(/^\//, '');
      for (const entry of entries) {
        if (!isObject(entry) || typeof entry['type'] !== 'string') continue;
        if (entry['type'] === 'aws:cdk:creationStack' && Array.isArray(entry['data']) && !sources.has(path)) {
          const location = userFrame(entry['data'], display);
          if (location) sources.set(path, location);
          const maker = libraryMaker(entry['data'][0]);
          if (maker) makers.set(path, maker);
        } else if (entry['type'].startsWith(HANDLER_MARKER)) handlers.set(path, entry['type'].slice(HANDLER_MARKER.length));
      }
    }
  }
  return { sources, handlers, makers };
}

/**
 * The constructor named by aws-cdk-lib's folded first frame, `...new Distribution2 in aws-cdk-lib...`, without the
 * digits its bundled class names end in; undefined for any other frame.
 */
function libraryMaker(frame: unknown): string | undefined {
  if (typeof frame !== 'string' || frame.length > MAX_FRAME_LENGTH) return undefined;
  return /^\.\.\.new ([A-Za-z][A-Za-z0-9]*?)\d* in aws-cdk-lib\.\.\.$/.exec(frame)?.[1];
}

/**
 * The creation site of a resource's construct: its own creation stack, else that of the nearest ancestor's
 * `Resource` child (an L2 construct's L1), up to but not including the stack. CDK records creation stacks on
 * L1 constructs; a resource made lazily by an L2 (a role's `DefaultPolicy` from a `grant…` call) has no user
 * frame of its own, and its L2 owner's creation site is where the user wrote it.
 */
export function creationSiteOf(
  info: ConstructInfo | undefined,
  constructPath: string | null,
  stackPath: string | null,
): SourceLocation | undefined {
  if (!info || info.sources.size === 0 || constructPath === null) return undefined;
  let path = constructPath;
  for (let depth = 0; depth < 64; depth++) {
    const found = info.sources.get(path) ?? info.sources.get(`${path}/Resource`);
    if (found) return found;
    const slash = path.lastIndexOf('/');
    if (slash <= 0) return undefined;
    path = path.slice(0, slash);
    if (path === stackPath) return undefined;
  }
  return undefined;
}

/**
 * The first frame in user code. Frames look like `new DataStack (/app/lib/data-stack.ts:42:5)`,
 * `/app/bin/app.ts:8:10`, or `file:///app/app.mjs:5`; aws-cdk-lib folds its own frames into
 * `...new Bucket2 in aws-cdk-lib...` and Node's into `...node internals...`.
 */
export function userFrame(frames: readonly unknown[], display: (absPath: string) => string): SourceLocation | undefined {
  for (const frame of frames.slice(0, MAX_FRAMES)) {
    if (typeof frame !== 'string' || frame.length > MAX_FRAME_LENGTH || frame.startsWith('...') || frame.startsWith('(')) continue;
    // Control characters cannot be in a real path; a crafted frame must not reach a terminal.
    if (/[\u0000-\u001f\u007f-\u009f]/.test(frame)) continue;
    const inParens = /\(([^()]*)\)\s*$/.exec(frame);
    const location = (inParens ? inParens[1]! : frame.replace(/^\s*at\s+/, '')).trim();
    const match = /^(.*?):(\d+)(?::(\d+))?$/.exec(location);
    if (!match) continue;
    let file = match[1]!;
    if (file.startsWith('file://')) {
      try {
        file = fileURLToPath(file);
      } catch {
        continue;
      }
    }
    if (file.startsWith('node:') || /[\\/]node_modules[\\/]/.test(file) || /[\\/]aws-cdk-lib[\\/]/.test(file)) continue;
    const line = Number(match[2]);
    const column = match[3] === undefined ? undefined : Number(match[3]);
    if (!Number.isSafeInteger(line) || line < 1) continue;
    return column !== undefined && Number.isSafeInteger(column) && column >= 1
      ? { file: display(file), line, column }
      : { file: display(file), line };
  }
  return undefined;
}
