import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { open, rename, unlink } from 'node:fs/promises';
import { join } from 'node:path';

// open(2) flags, combined as bits
const EXCLUSIVE_CREATE = constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW;

/**
 * Writes `content` as `directory/name` through a temporary file and a rename, so a reader
 * never sees half a document. The temporary file has an unpredictable name and is opened with
 * O_CREAT | O_EXCL | O_NOFOLLOW: the open fails rather than follow a symlink (or reuse any
 * file) someone placed at that name. The rename then replaces whatever is at `name` (a symlink
 * included) as a directory entry, without writing through it.
 */
export async function writeExclusively(directory: string, name: string, content: Buffer): Promise<void> {
  const temporary = join(directory, `.${name}.${randomBytes(8).toString('hex')}.tmp`);
  const handle = await open(temporary, EXCLUSIVE_CREATE, 0o644);
  try {
    try {
      await handle.writeFile(content);
    } finally {
      await handle.close();
    }
    await rename(temporary, join(directory, name));
  } catch (error) {
    await unlink(temporary).catch(() => undefined);
    throw error;
  }
}
