import * as nodeFs from 'node:fs';
import { basename, dirname, join, sep } from 'node:path';

/** The file-system calls the writer makes; injectable so tests can simulate a full disk. */
export interface WriterFs {
  lstatSync: typeof nodeFs.lstatSync;
  statSync: typeof nodeFs.statSync;
  realpathSync: (path: string) => string;
  readFileSync: (path: string, encoding: 'utf8') => string;
  writeFileSync: (path: string, data: string, options: { mode: number; flag: string }) => void;
  chmodSync: (path: string, mode: number) => void;
  renameSync: (from: string, to: string) => void;
  unlinkSync: (path: string) => void;
}

const NODE_FS: WriterFs = {
  lstatSync: nodeFs.lstatSync,
  statSync: nodeFs.statSync,
  realpathSync: (p) => nodeFs.realpathSync(p),
  readFileSync: (p, e) => nodeFs.readFileSync(p, e),
  writeFileSync: (p, d, o) => nodeFs.writeFileSync(p, d, o),
  chmodSync: nodeFs.chmodSync,
  renameSync: nodeFs.renameSync,
  unlinkSync: nodeFs.unlinkSync,
};

/**
 * Replaces a file's content without ever leaving it half written: the new text goes to a temporary file in the
 * same folder (same file system, so the rename is atomic), with the original's mode, and is renamed over the
 * original. Refuses, leaving the original untouched, when the file is read-only, when its content is no longer
 * `original` (it changed since it was read), or when it is a symbolic link that leads out of `roots`. A link
 * inside the roots is followed: the file it points to is replaced, and the link stays a link.
 */
export function replaceFile(
  path: string,
  original: string,
  text: string,
  roots: readonly string[],
  fs: WriterFs = NODE_FS,
): { error?: string } {
  let target = path;
  try {
    if (fs.lstatSync(path).isSymbolicLink()) {
      target = fs.realpathSync(path);
      const inside = roots
        .map((r) => fs.realpathSync(r))
        .some((root) => target === root || target.startsWith(root.endsWith(sep) ? root : root + sep));
      if (!inside) return { error: 'it is a symbolic link to a file outside the scanned folders; not followed' };
    }
    const stat = fs.statSync(target);
    const mode = stat.mode & 0o7777;
    // Checked on the mode bits, not with access(): root may write anything, but a read-only file says "do not".
    if ((mode & 0o222) === 0) return { error: 'the file is read-only' };
    if (fs.readFileSync(target, 'utf8') !== original) return { error: 'the file changed since it was scanned; run fix again' };
    const temporary = join(dirname(target), `.${basename(target)}.stackwarden-${process.pid}.tmp`);
    try {
      fs.writeFileSync(temporary, text, { mode, flag: 'wx' });
      fs.chmodSync(temporary, mode);
      fs.renameSync(temporary, target);
    } catch (error) {
      try {
        fs.unlinkSync(temporary);
      } catch {
        // Nothing was created.
      }
      throw error;
    }
    return {};
  } catch (error) {
    const errno = error as NodeJS.ErrnoException;
    const reason =
      errno.code === 'ENOSPC' ? 'no space left on the device' : (errno.code ?? (error instanceof Error ? error.message : String(error)));
    return { error: `cannot write: ${reason}` };
  }
}
