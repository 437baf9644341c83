import { randomBytes } from 'node:crypto';
import {
  accessSync,
  closeSync,
  constants,
  fchmodSync,
  fchownSync,
  lstatSync,
  mkdirSync,
  openSync,
  readlinkSync,
  realpathSync,
  renameSync,
  rmSync,
  type Stats,
  statSync,
  writeSync,
} from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import type { OutputTarget } from './outputs.js';

/** One file the run will write: what it is (for messages) and the path as the user gave it. */
export interface PlannedWrite {
  what: string;
  path: string;
}

/**
 * How one output is written, decided before anything is written:
 * - `descriptor`: `/dev/stdout`, `/dev/stderr`, `/dev/fd/N`, `/proc/self/fd/N` are this process's own open
 *   descriptor, written as it is (reopening it would truncate a file the shell redirected output to);
 * - `direct`: opened and written in place, as a shell redirection would (a device such as `/dev/null`, a FIFO, a
 *   socket, a link into /dev or /proc, anything under /proc): a rename would replace the node with a file;
 * - `atomic`: a regular file (or one yet to be created), replaced by a temporary file next to it and a rename, so
 *   a reader never sees half of it; `existing` is the file replaced, whose permissions (and, as root, owner) the
 *   new one keeps.
 */
export type WritePlan = PlannedWrite &
  ({ how: 'descriptor'; fd: number } | { how: 'direct'; target: string } | { how: 'atomic'; target: string; existing?: Stats });

/** What the baseline is called in messages (and its key among the planned writes). */
export const BASELINE_WRITE = 'the baseline (--write-baseline)';

/** What a report is called in messages (and its key among the planned writes). */
export function reportWhat(format: string, baseName?: string): string {
  return baseName ? `the ${format} report of ${baseName}` : `the ${format} report`;
}

/** The files a run writes: the baseline, and each report that goes to a file. Standard output is not a file. */
export function plannedWrites(targets: readonly OutputTarget[], writeBaseline?: string, baseName?: string): PlannedWrite[] {
  const writes: PlannedWrite[] = [];
  if (writeBaseline !== undefined) writes.push({ what: BASELINE_WRITE, path: writeBaseline });
  for (const t of targets) if (t.to.kind === 'file') writes.push({ what: reportWhat(t.format, baseName), path: t.to.path });
  return writes;
}

/**
 * Checks every output before anything is written, and decides how each is written. Refused, each with its own
 * message: an output that is an input of the run (a template, a manifest, the configuration, the suppressions
 * file, the baseline read); two outputs to one file (`/dev/null` excepted); a folder; a read-only file. Files are
 * the same when their real paths (symbolic links resolved) or their device and inode agree, so a link, a hard
 * link or `./x` for `x` is caught.
 */
export function prepareWrites(
  cwd: string,
  writes: readonly PlannedWrite[],
  inputs: readonly string[],
  /** Another format already goes to standard output (`-`, or no --output): `/dev/stdout` would mix with it. */
  stdoutUsed = false,
): { plans: WritePlan[] } | { errors: string[] } {
  const errors: string[] = [];
  const plans: WritePlan[] = [];
  const inputKeys = new Map<string, string>();
  for (const input of inputs) for (const key of identities(resolve(cwd, input))) inputKeys.set(key, input);
  const outputKeys = new Map<string, PlannedWrite>();
  for (const write of writes) {
    const abs = resolve(cwd, write.path);
    const keys = identities(abs);
    const input = keys.map((k) => inputKeys.get(k)).find((i) => i !== undefined);
    if (input !== undefined) {
      errors.push(`refusing to write ${write.what} to ${write.path}: it is an input of this run, and writing would destroy it`);
      continue;
    }
    const earlier = keys.map((k) => outputKeys.get(k)).find((w) => w !== undefined);
    if (earlier && !keys.includes('/dev/null')) {
      errors.push(`${earlier.what} and ${write.what} would both be written to ${write.path}: give each output its own file`);
      continue;
    }
    for (const key of keys) outputKeys.set(key, write);
    const plan = planWrite(write, abs);
    if ('fd' in plan && plan.fd === 1 && stdoutUsed) {
      errors.push(`${write.what} would go to standard output (${write.path}), where another format goes already: give it a file`);
      continue;
    }
    if ('error' in plan) errors.push(`refusing to write ${write.what} to ${write.path}: ${plan.error}`);
    else plans.push(plan);
  }
  return errors.length > 0 ? { errors } : { plans };
}

/** Writes one planned output. Throws an Error whose message says what went wrong; no temporary file is left. */
/**
 * `text` is the whole output, or its chunks in order (a large report is written one chunk at a time, never held as
 * one string).
 */
export function performWrite(plan: WritePlan, text: string | Iterable<string>): void {
  if (plan.how === 'descriptor') writeAll(plan.fd, text);
  else if (plan.how === 'direct') {
    const fd = openSync(plan.target, 'w');
    try {
      writeAll(fd, text);
    } finally {
      closeSync(fd);
    }
  } else {
    if (!plan.existing) mkdirSync(dirname(plan.target), { recursive: true });
    replaceAtomically(plan.target, text, plan.existing);
  }
}

/** Links into these folders lead to devices and process files: written in place. */
const SPECIAL = /^\/(dev|proc)(\/|$)/;
/** Names of an open descriptor of this process. */
const DESCRIPTOR = /^\/(?:dev\/(?:std(out|err)|fd\/(\d+))|proc\/self\/fd\/(\d+))$/;

function planWrite(write: PlannedWrite, abs: string): WritePlan | { error: string } {
  const named = DESCRIPTOR.exec(abs);
  if (named) return { ...write, how: 'descriptor', fd: named[1] ? (named[1] === 'out' ? 1 : 2) : Number(named[2] ?? named[3]) };
  if (/^\/proc\//.test(abs)) return { ...write, how: 'direct', target: abs };
  let target = abs;
  let stat: Stats | undefined;
  try {
    stat = lstatOrUndefined(abs);
    if (stat?.isSymbolicLink()) {
      const real = realpathOrUndefined(abs);
      // A dangling link, or one into /dev or /proc: written through, the link stays.
      if (real === undefined || SPECIAL.test(real)) return { ...write, how: 'direct', target: abs };
      target = real;
      stat = statSync(real);
    }
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
  if (stat?.isDirectory()) return { error: 'it is a folder' };
  if (stat && !stat.isFile()) return { ...write, how: 'direct', target };
  if (stat) {
    // Root may write anything, so the permission bits are checked as well as access(2).
    if ((stat.mode & 0o222) === 0) return { error: 'the file is read-only (make it writable, or write elsewhere)' };
    try {
      accessSync(target, constants.W_OK);
    } catch {
      return { error: 'the file is not writable by this user' };
    }
    return { ...write, how: 'atomic', target, existing: stat };
  }
  return { ...write, how: 'atomic', target };
}

/** Writes every byte of the text (or of each chunk) to `fd`; writeSync may write less than it is given. */
function writeAll(fd: number, text: string | Iterable<string>): void {
  for (const chunk of typeof text === 'string' ? [text] : text) {
    const bytes = Buffer.from(chunk, 'utf8');
    for (let done = 0; done < bytes.length; ) done += writeSync(fd, bytes, done, bytes.length - done);
  }
}

function replaceAtomically(target: string, text: string | Iterable<string>, existing: Stats | undefined): void {
  const temporary = join(dirname(target), `.${basename(target)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  let created = false;
  try {
    const fd = openSync(temporary, 'wx', existing ? existing.mode & 0o777 : 0o666);
    created = true;
    try {
      writeAll(fd, text);
      if (existing) {
        // The umask narrowed the mode given to open(2): set the old one exactly.
        fchmodSync(fd, existing.mode & 0o7777);
        if (process.getuid?.() === 0) fchownSync(fd, existing.uid, existing.gid);
      }
    } finally {
      closeSync(fd);
    }
    renameSync(temporary, target);
  } catch (error) {
    if (created) rmSync(temporary, { force: true });
    throw error;
  }
}

/**
 * The names one file goes by: its real path (links resolved; for a file yet to be created, its folder's real
 * path and its name, through a dangling link to where it would be created) and, when it exists, `dev:ino`.
 */
function identities(abs: string): string[] {
  const keys: string[] = [];
  try {
    const stat = statSync(abs);
    keys.push(`${stat.dev}:${stat.ino}`);
  } catch {
    // Not there (yet).
  }
  keys.push(realPathOf(abs));
  return keys;
}

function realPathOf(abs: string): string {
  const real = realpathOrUndefined(abs);
  if (real !== undefined) return real;
  let path = abs;
  // A dangling link: the file it would create. Bounded like the kernel's own limit on links in a path.
  for (let hops = 0; hops < 40; hops++) {
    let link: string;
    try {
      if (!lstatSync(path).isSymbolicLink()) break;
      link = readlinkSync(path);
    } catch {
      break;
    }
    path = resolve(dirname(path), link);
  }
  const folder = realpathOrUndefined(dirname(path));
  return folder === undefined ? path : join(folder, basename(path));
}

function lstatOrUndefined(path: string): Stats | undefined {
  try {
    return lstatSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT' || (error as NodeJS.ErrnoException).code === 'ENOTDIR') return undefined;
    throw error;
  }
}

function realpathOrUndefined(path: string): string | undefined {
  try {
    return realpathSync.native(path);
  } catch {
    return undefined;
  }
}
