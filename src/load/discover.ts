import { readdirSync, realpathSync, statSync, type Dirent } from 'node:fs';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import picomatch from 'picomatch';
import type { LoadError } from '../model/types.js';
import { type AssemblySink, loadAssembly } from './assembly.js';
import type { SourceDocument } from './document.js';
import { classifyManifest } from './manifest.js';
import { defaultReadOptions, ioFailure, type ReadOptions, readDocument } from './read.js';
import type { LoadedStack, LoadResult, SkippedFile } from './stack.js';
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
  /**
   * Follow symbolic links that lead out of the scanned folders, and out of a cloud assembly's folder for the
   * files its manifest names. Off by default: such links are skipped (and listed in `skipped`), so that a link
   * to `/` in a pull request cannot make the scan read the machine. Links inside the scanned folders are
   * always followed, and each real file and folder is visited once.
   */
  followSymlinks?: boolean;
  /**
   * Accept a run that found nothing to scan. By default such a run gets a `NOTHING_SCANNED` error, because a
   * gate that passes on no input is a gate that cannot fail.
   */
  allowEmpty?: boolean;
}

/** Folders never worth walking. */
const SKIP_DIRS = new Set(['node_modules', '.git', '.hg', '.svn']);
/** Files that are JSON or YAML but never templates; skipped unread for speed. */
const SKIP_FILES =
  /^(package(-lock)?\.json|tsconfig(\..*)?\.json|cdk(\.context)?\.json|tree\.json|.*\.assets\.json|npm-shrinkwrap\.json|\.eslintrc.*|\.prettierrc.*|jsconfig\.json)$/i;
const CANDIDATE = /\.(json|ya?ml|template)$/i;
/** Names that say "I am a template": one that fails to load is reported even when found by walking. */
const TEMPLATE_NAME = /(\.template(\.(json|ya?ml))?|template\.ya?ml|\.cfn\.(json|ya?ml))$/i;
/** Folders of a cloud assembly that hold assets (Lambda code, Docker contexts), never templates of the app. */
const ASSET_DIR = /^asset\./;

/**
 * Loads templates, folders and cloud assemblies. Never throws. A folder whose `manifest.json` is a cloud
 * assembly's is loaded as that assembly, and its other files are listed as skipped; other folders are walked.
 * Walking skips files that are not templates (listed in `skipped`), but reports files that look like templates
 * and fail to load. A run that finds nothing to scan is a `NOTHING_SCANNED` error unless `allowEmpty` is set.
 */
export function loadInputs(paths: readonly string[], options: LoadOptions = {}): LoadResult {
  const cwd = options.cwd ?? process.cwd();
  const errors: LoadError[] = [];
  const stacks: LoadedStack[] = [];
  const skipped: SkippedFile[] = [];
  const inputFiles = new Set<string>();
  const base = { ...defaultReadOptions, ...withoutUndefined(options) };
  const sink: AssemblySink = {
    stacks,
    errors,
    files: 0,
    display: (abs) => relative(cwd, abs).split(sep).join('/') || '.',
    options: {
      ...base,
      onRead: (path) => {
        inputFiles.add(path);
        base.onRead?.(path);
      },
    },
    followSymlinks: options.followSymlinks === true,
    consumed: new Set(),
    manifests: new Set(),
  };
  const seenFiles = new Set<string>();
  /** A folder's manifest.json that the walk read and found not to be an assembly: scanned later without a second read. */
  const preread = new Map<string, ReturnType<typeof readDocument>>();
  const walked = new Set<string>();
  const roots: string[] = [];
  const ignored = options.ignore && options.ignore.length > 0 ? picomatch([...options.ignore], { dot: true }) : () => false;
  const skip = (abs: string, kind: SkippedFile['kind'], reason: string) => skipped.push({ file: sink.display(abs), kind, reason });
  const insideRoots = (real: string) => roots.some((root) => real === root || real.startsWith(root.endsWith(sep) ? root : root + sep));

  /** Reads a manifest.json and loads it when it is an assembly; true when it was one (or claimed to be one). */
  const tryAssembly = (manifest: string, document: SourceDocument): boolean => {
    const folder = dirname(manifest);
    const kind = classifyManifest(document.value, basename(folder) === 'cdk.out' || isFile(join(folder, 'cdk.out')));
    if (kind.kind === 'other') return false;
    if (kind.kind === 'assembly') loadAssembly(manifest, document, sink);
    else {
      // The folder's other templates are still scanned as plain templates: a broken manifest hides nothing.
      seenFiles.add(safeRealpath(manifest));
      sink.files++;
      const { range } = document.locate(kind.problem.pointer);
      errors.push({
        file: document.file,
        code: 'ASSEMBLY',
        message: kind.problem.message,
        line: range.start.line,
        column: range.start.column,
      });
    }
    return kind.kind === 'assembly';
  };

  const loadFile = (abs: string, explicit: boolean): void => {
    const real = safeRealpath(abs);
    if (seenFiles.has(real)) return;
    seenFiles.add(real);
    const outcome = preread.get(real) ?? readDocument(abs, sink.display(abs), sink.options);
    preread.delete(real);
    if (basename(abs) === 'manifest.json' && 'document' in outcome && classifyManifest(outcome.document.value, false).kind !== 'other') {
      tryAssembly(abs, outcome.document);
      return;
    }
    if ('error' in outcome) {
      // A name like `x.template.json` says "template" as clearly as the content would: any failure is reported.
      if (explicit || outcome.looksLikeTemplate || TEMPLATE_NAME.test(basename(abs))) {
        sink.files++;
        errors.push(outcome.error);
      } else skip(abs, 'not-template', `not a template (${outcome.error.message})`);
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
      else skip(abs, 'not-template', 'no Resources or AWSTemplateFormatVersion: not a CloudFormation template');
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

  /** Walks a folder. `inAssembly`: the folder is (inside) a loaded cloud assembly, whose manifest says what to load. */
  const walk = (abs: string, ancestors: readonly string[], inAssembly: boolean): void => {
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
    // A folder reached twice (two links to it, or a link to a folder also walked directly) is walked once.
    if (walked.has(real)) return;
    walked.add(real);
    let assembly = inAssembly;
    const manifest = join(abs, 'manifest.json');
    if (!inAssembly && isFile(manifest) && !ignored(sink.display(manifest))) {
      const outcome = readDocument(manifest, sink.display(manifest), sink.options);
      if ('document' in outcome) assembly = tryAssembly(manifest, outcome.document);
      // A cloud assembly (a `cdk.out` folder, or one holding the `cdk.out` version file) whose manifest does not
      // load would otherwise be skipped silently, with its stacks' environments and termination protection.
      else if (basename(abs) === 'cdk.out' || isFile(join(abs, 'cdk.out'))) {
        seenFiles.add(safeRealpath(manifest));
        sink.files++;
        errors.push({ ...outcome.error, code: outcome.error.code === 'PARSE' ? 'ASSEMBLY' : outcome.error.code });
      }
      if (!assembly) preread.set(safeRealpath(manifest), outcome);
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
        if (!sink.followSymlinks && !insideRoots(safeRealpath(child))) {
          if (isDir || CANDIDATE.test(entry.name))
            skip(child, 'symlink-out', 'a symbolic link that leads out of the scanned folders (--follow-symlinks follows it)');
          continue;
        }
      }
      if (isDir) {
        if (SKIP_DIRS.has(entry.name) || (assembly && ASSET_DIR.test(entry.name))) continue;
        walk(child, [...ancestors, real], assembly);
      } else if (isRegular && CANDIDATE.test(entry.name)) {
        if (SKIP_FILES.test(entry.name)) skip(child, 'not-template', 'never a template (by its name)');
        else if (!assembly) loadFile(child, false);
        else if (!sink.consumed.has(safeRealpath(child)) && !seenFiles.has(safeRealpath(child)))
          skip(child, 'not-in-assembly', 'in a cloud assembly folder, but not named by its manifest.json (a stale file?): not scanned');
      }
    }
  };

  for (const path of paths) {
    const abs = resolve(cwd, path);
    try {
      if (statSync(abs).isDirectory()) roots.push(safeRealpath(abs));
    } catch {
      // Reported below.
    }
  }
  for (const path of paths) {
    const abs = resolve(cwd, path);
    let stat: ReturnType<typeof statSync>;
    try {
      stat = statSync(abs);
    } catch (error) {
      errors.push(ioFailure(sink.display(abs), error).error);
      continue;
    }
    if (stat.isDirectory()) walk(abs, [], false);
    else loadFile(abs, true);
  }

  // Assembly stacks are found through manifest.json, not by walking: their template files are checked here.
  const kept = stacks.filter((s) => (s.declaredAt === null && s.nestedIn === null ? true : !ignored(s.template.file)));
  if (kept.length === 0 && errors.length === 0 && !options.allowEmpty) errors.push(nothingScanned(paths, skipped));
  kept.sort((a, b) => compare(a.template.file, b.template.file) || compare(a.id, b.id));
  errors.sort((a, b) => compare(a.file, b.file) || a.line - b.line || a.column - b.column || compare(a.code, b.code));
  skipped.sort((a, b) => compare(a.file, b.file));
  return { stacks: dedupeStacks(kept), errors, files: sink.files, skipped, inputFiles: [...inputFiles].sort() };
}

/** The error of a run that found nothing: what was given, and what was skipped and why (the first few). */
function nothingScanned(paths: readonly string[], skipped: readonly SkippedFile[]): LoadError {
  const given = paths.length === 0 ? 'no path' : paths.map((p) => `'${p}'`).join(', ');
  const shown = skipped.slice(0, 3).map((s) => `${s.file}: ${s.reason}`);
  const more = skipped.length > 3 ? `, and ${skipped.length - 3} more` : '';
  const why = skipped.length === 0 ? '' : `; ${skipped.length} file(s) skipped (${shown.join('; ')}${more})`;
  return {
    file: paths[0] ?? '.',
    code: 'NOTHING_SCANNED',
    message: `nothing was scanned: no CloudFormation template or cloud-assembly stack in ${given}${why}. Pass --allow-empty if that is expected`,
    line: 1,
    column: 1,
  };
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
