import { readdirSync, realpathSync, statSync, type Dirent } from 'node:fs';
import { basename, join, relative, resolve, sep } from 'node:path';
import picomatch from 'picomatch';
import type { LoadError } from '../model/types.js';
import { isAssemblyManifest, loadAssembly, type AssemblySink } from './assembly.js';
import { defaultReadOptions, ioFailure, readDocument, type ReadOptions } from './read.js';
import type { LoadedStack, LoadResult } from './stack.js';
import { isTemplateValue } from './stack.js';

export interface LoadOptions extends Partial<ReadOptions> {
  /** Paths in findings are relative to this folder. Default: `process.cwd()`. */
  cwd?: string;
  /**
   * Globs (picomatch, dot files included) of paths to skip, relative to `cwd` like the paths in findings.
   * They apply to files and folders found by walking and to the stacks of an assembly (by template file); a
   * file named in `paths` itself is always loaded.
   */
  ignore?: readonly string[];
}

/** Folders never worth walking. */
const SKIP_DIRS = new Set(['node_modules', '.git', '.hg', '.svn']);
/** Files that are JSON or YAML but never templates; skipped unread for speed. */
const SKIP_FILES =
  /^(package(-lock)?\.json|tsconfig(\..*)?\.json|cdk(\.context)?\.json|tree\.json|.*\.assets\.json|npm-shrinkwrap\.json|\.eslintrc.*|\.prettierrc.*|jsconfig\.json)$/i;
const CANDIDATE = /\.(json|ya?ml|template)$/i;
/** Names that say "I am a template": one that fails to load is reported even when found by walking. */
const TEMPLATE_NAME = /(\.template(\.(json|ya?ml))?|template\.ya?ml|\.cfn\.(json|ya?ml))$/i;

/**
 * Loads templates, folders and cloud assemblies. Never throws. A folder that holds a `manifest.json` cloud
 * assembly is loaded as that assembly; other folders are walked. Walking skips files that are not templates
 * silently, but reports files that look like templates and fail to load.
 */
export function loadInputs(paths: readonly string[], options: LoadOptions = {}): LoadResult {
  const cwd = options.cwd ?? process.cwd();
  const errors: LoadError[] = [];
  const stacks: LoadedStack[] = [];
  const sink: AssemblySink = {
    stacks,
    errors,
    files: 0,
    display: (abs) => relative(cwd, abs).split(sep).join('/') || '.',
    options: { ...defaultReadOptions, ...withoutUndefined(options) },
  };
  const seenFiles = new Set<string>();
  const seenAssemblies = new Set<string>();
  const ignored = options.ignore && options.ignore.length > 0 ? picomatch([...options.ignore], { dot: true }) : () => false;

  const loadFile = (abs: string, explicit: boolean): void => {
    const real = safeRealpath(abs);
    if (seenFiles.has(real)) return;
    seenFiles.add(real);
    if (basename(abs) === 'manifest.json') {
      const outcome = readDocument(abs, sink.display(abs), sink.options);
      if ('document' in outcome && isAssemblyManifest(outcome.document.value)) {
        loadAssembly(abs, sink, '', seenAssemblies);
        return;
      }
    }
    const outcome = readDocument(abs, sink.display(abs), sink.options);
    if ('error' in outcome) {
      // A name like `x.template.json` says "template" as clearly as the content would: any failure is reported.
      if (explicit || outcome.looksLikeTemplate || TEMPLATE_NAME.test(basename(abs))) {
        sink.files++;
        errors.push(outcome.error);
      }
      return;
    }
    if (!isTemplateValue(outcome.document.value)) {
      if (explicit)
        errors.push({
          file: outcome.document.file,
          code: 'NOT_A_TEMPLATE',
          message: 'no Resources or AWSTemplateFormatVersion: not a CloudFormation template',
          line: 1,
          column: 1,
        });
      return;
    }
    sink.files++;
    stacks.push({
      id: outcome.document.file,
      name: null,
      template: outcome.document,
      env: { account: null, region: null },
      terminationProtection: null,
      declaredAt: null,
      constructPath: null,
      constructPaths: new Map(),
      nestedIn: null,
    });
  };

  const walk = (abs: string, ancestors: readonly string[]): void => {
    const real = safeRealpath(abs);
    if (ancestors.includes(real)) {
      errors.push({
        file: sink.display(abs),
        code: 'SYMLINK_LOOP',
        message: `symbolic link loop: this folder is ${sink.display(real)} again`,
        line: 1,
        column: 1,
      });
      return;
    }
    const manifest = join(abs, 'manifest.json');
    if (isFile(manifest)) {
      const outcome = readDocument(manifest, sink.display(manifest), sink.options);
      if ('document' in outcome && isAssemblyManifest(outcome.document.value)) {
        loadAssembly(manifest, sink, '', seenAssemblies);
        return;
      }
      // A cloud assembly (a `cdk.out` folder, or one holding the `cdk.out` version file) whose manifest does not
      // load would otherwise be skipped silently, with its stacks' environments and termination protection.
      if ('error' in outcome && (basename(abs) === 'cdk.out' || isFile(join(abs, 'cdk.out')))) {
        seenFiles.add(safeRealpath(manifest));
        sink.files++;
        errors.push({ ...outcome.error, code: outcome.error.code === 'PARSE' ? 'ASSEMBLY' : outcome.error.code });
      }
    }
    let entries: Dirent[];
    try {
      entries = readdirSync(abs, { withFileTypes: true });
    } catch (error) {
      errors.push(ioFailure(sink.display(abs), error).error);
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const child = join(abs, entry.name);
      if (ignored(sink.display(child))) continue;
      let isDir = entry.isDirectory();
      let isRegular = entry.isFile();
      if (entry.isSymbolicLink()) {
        try {
          const target = statSync(child);
          isDir = target.isDirectory();
          isRegular = target.isFile();
        } catch (error) {
          // A dangling or looping link is only worth a report when it is named like a template.
          if (CANDIDATE.test(entry.name) || (error as NodeJS.ErrnoException).code === 'ELOOP')
            errors.push(ioFailure(sink.display(child), error).error);
          continue;
        }
      }
      if (isDir) {
        if (!SKIP_DIRS.has(entry.name)) walk(child, [...ancestors, real]);
      } else if (isRegular && CANDIDATE.test(entry.name) && !SKIP_FILES.test(entry.name)) {
        loadFile(child, false);
      }
    }
  };

  for (const path of paths) {
    const abs = resolve(cwd, path);
    let stat: ReturnType<typeof statSync>;
    try {
      stat = statSync(abs);
    } catch (error) {
      errors.push(ioFailure(sink.display(abs), error).error);
      continue;
    }
    if (stat.isDirectory()) walk(abs, []);
    else loadFile(abs, true);
  }

  // Assembly stacks are found through manifest.json, not by walking: their template files are checked here.
  const kept = stacks.filter((s) => (s.declaredAt === null && s.nestedIn === null ? true : !ignored(s.template.file)));
  kept.sort((a, b) => compare(a.template.file, b.template.file) || compare(a.id, b.id));
  errors.sort((a, b) => compare(a.file, b.file) || a.line - b.line || a.column - b.column || compare(a.code, b.code));
  return { stacks: dedupeStacks(kept), errors, files: sink.files };
}

function dedupeStacks(stacks: LoadedStack[]): LoadedStack[] {
  const seen = new Set<string>();
  return stacks.filter((s) => {
    const key = `${s.template.file}\u0000${s.id}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function safeRealpath(path: string): string {
  try {
    // One realpath(3) call; the JavaScript version lstat()s every component of the path.
    return realpathSync.native(path);
  } catch {
    return path;
  }
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function withoutUndefined(options: LoadOptions): Partial<ReadOptions> {
  const out: Partial<ReadOptions> = {};
  if (options.maxBytes !== undefined) out.maxBytes = options.maxBytes;
  if (options.readFile !== undefined) out.readFile = options.readFile;
  return out;
}
