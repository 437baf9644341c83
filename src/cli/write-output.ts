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
  realpathSync,
  renameSync,
  rmSync,
  type Stats,
  statSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import type { OutputTarget } from './outputs.js';

/** One file the run will write: what it is (for messages) and the path as the user gave it. */
export interface PlannedWrite {
  what: string;
  path: string;
}

/** The files a scan writes: each report that goes to a file, and the baseline. Standard output is not a file. */
export function plannedWrites(targets: readonly OutputTarget[], writeBaseline: string | undefined): PlannedWrite[] {
  const writes: PlannedWrite[] = [];
  for (const t of targets) if (t.to.kind === 'file') writes.push({ what: `the ${t.format} report`, path: t.to.path });
  if (writeBaseline !== undefined) writes.push({ what: 'the baseline (--write-baseline)', path: writeBaseline });
  return writes;
}

/**
 * Checks, before anything is written, that no two outputs name one file and that no output names an input of
 * the run (a template, a manifest, metadata, the configuration, the suppressions file, the baseline read).
 * Files are compared by identity (device and inode), so a symbolic link, a hard link or `./x` for `x` is the
 * same file. Returns the first problem, or undefined.
 */
export function checkOutputs(cwd: string, writes: readonly PlannedWrite[], inputs: readonly string[]): string | undefined {
  const outputs = new Map<string, PlannedWrite>();
  for (const write of writes) {
    const key = identity(resolve(cwd, write.path));
    const earlier = outputs.get(key);
    if (earlier) return `${earlier.what} and ${write.what} would both be written to ${write.path}: give each output its own file`;
    outputs.set(key, write);
  }
  if (outputs.size === 0) return undefined;
  for (const input of inputs) {
    const write = outputs.get(identity(resolve(cwd, input)));
    if (write) return `refusing to write ${write.what} to ${write.path}: it is an input of this run, and writing would destroy it`;
  }
  return undefined;
}

/** `dev:ino` of an existing file; else the real path of its folder and its name (a file yet to be written). */
function identity(abs: string): string {
  try {
    const stat = statSync(abs);
    return `${stat.dev}:${stat.ino}`;
  } catch {
    try {
      return join(realpathSync.native(dirname(abs)), basename(abs));
    } catch {
      return abs;
    }
  }
}

/**
 * Writes an output file so that nothing is lost:
 * - a regular file is replaced atomically (a temporary file next to it, then a rename), so a reader never sees
 *   half a report; the replacement keeps the file's permissions (and, as root, its owner); a read-only file is
 *   refused, not replaced; a failed write removes its temporary file;
 * - a symbolic link is followed: its target is written (atomically when it is a regular file), the link stays;
 * - anything else (a device such as `/dev/null` or `/dev/stdout`, a FIFO, a socket) is written directly, as a
 *   shell redirection would: a rename would replace the device node with a regular file.
 * Throws an Error whose message says what went wrong.
 */
export function writeOutput(path: string, text: string): void {
  let target = path;
  let stat = lstatOrUndefined(target);
  if (stat?.isSymbolicLink()) {
    const real = realpathOrUndefined(target);
    // A dangling link, or one into /dev or /proc (`/dev/stdout` → `/proc/self/fd/1` → a pipe): write through it.
    if (real === undefined || /^\/(dev|proc)\//.test(real)) {
      writeDirectly(target, text);
      return;
    }
    target = real;
    stat = statSync(real);
  }
  if (stat?.isDirectory()) throw new Error('it is a folder');
  if (stat && !stat.isFile()) {
    writeDirectly(target, text);
    return;
  }
  if (stat) {
    // Root may write anything, so the permission bits are checked as well as access(2).
    if ((stat.mode & 0o222) === 0) throw new Error('the file is read-only: not replaced');
    try {
      accessSync(target, constants.W_OK);
    } catch {
      throw new Error('the file is not writable: not replaced');
    }
  } else mkdirSync(dirname(target), { recursive: true });
  replaceAtomically(target, text, stat);
}

function replaceAtomically(target: string, text: string, existing: Stats | undefined): void {
  const temporary = join(dirname(target), `.${basename(target)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    const fd = openSync(temporary, 'wx', existing ? existing.mode & 0o777 : 0o666);
    try {
      const bytes = Buffer.from(text, 'utf8');
      for (let done = 0; done < bytes.length; ) done += writeSync(fd, bytes, done, bytes.length - done);
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
    rmSync(temporary, { force: true });
    throw error;
  }
}

function writeDirectly(path: string, text: string): void {
  writeFileSync(path, text, 'utf8');
}

function lstatOrUndefined(path: string): Stats | undefined {
  try {
    return lstatSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
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
