import { lstat, mkdir, realpath, stat } from 'node:fs/promises';
import { dirname, isAbsolute, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ErrorCode } from '@flow/platform';
import { permanent, retryable } from '@flow/processor-sdk';

/** `ActivityFailed.error.type` of an Address that names a directory outside the root. */
export const OUTSIDE_ROOT = 'AddressOutsideRoot';

/** The settings of `loadConfig(...).fileProcessor`. */
export interface FileSandboxConfig {
  /** Absolute; every file:// Address must name a directory inside it. */
  root: string;
  /** Largest file written, in bytes. */
  maxFileBytes: number;
}

/** An opened root: the path as configured (what Addresses name) and as the file system resolves it. */
export interface FileSandbox {
  readonly root: string;
  readonly realRoot: string;
  readonly maxFileBytes: number;
}

/**
 * Creates the root if missing and resolves it once. A root any user may write into (such as
 * the shared temporary directory) is refused: whoever can write there can plant the symlinks
 * and directories the checks below race against.
 */
export async function openFileSandbox({ root, maxFileBytes }: FileSandboxConfig): Promise<FileSandbox> {
  if (!isAbsolute(root)) throw new TypeError('the FileProcessor root must be an absolute path');
  await mkdir(root, { recursive: true });
  const realRoot = await realpath(root);
  const { mode } = await stat(realRoot);
  // 0o002: the "others may write" permission bit
  if ((mode & 0o002) !== 0) throw new Error('the FileProcessor root (FILE_PROCESSOR_ROOT) must not be writable by every user');
  return Object.freeze({ root: resolve(root), realRoot, maxFileBytes });
}

const inside = (root: string, path: string): boolean => {
  const rest = relative(root, path);
  return rest === '' || (!rest.startsWith('..') && !isAbsolute(rest));
};

/** The failure of an Address outside the root: names the Address, never a path of the host. */
const outsideRoot = (addressId: string): Error =>
  permanent(`Address ${JSON.stringify(addressId)} resolves outside the processor's root`, { type: OUTSIDE_ROOT, code: ErrorCode.FORBIDDEN });

/** A file system failure reported by its code only: fs messages carry host paths. */
export function fileSystemFailure(addressId: string, error: unknown): Error {
  const code = (error as NodeJS.ErrnoException).code ?? 'unknown error';
  const message = `FileProcessor could not write into Address ${JSON.stringify(addressId)} (${code})`;
  // Full disks and exhausted descriptors may clear up; anything else (EACCES, EISDIR...) will not.
  return ['ENOSPC', 'EMFILE', 'ENFILE', 'EBUSY', 'EAGAIN', 'EIO'].includes(code) ? retryable(message) : permanent(message, { type: 'FileSystemError' });
}

/** The nearest ancestor of `path` (itself included) that exists, without following a final symlink. */
async function deepestExisting(path: string): Promise<string> {
  for (let current = path; ; current = dirname(current)) {
    try {
      await lstat(current);
      return current;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT' || dirname(current) === current) throw error;
    }
  }
}

/** Whether `path` lies inside the root once every symlink of its existing part is resolved. */
async function resolvesInside(sandbox: FileSandbox, path: string): Promise<boolean> {
  const existing = await deepestExisting(path);
  const real = await realpath(existing).catch(() => undefined); // a dangling symlink leads nowhere safe
  return real !== undefined && inside(sandbox.realRoot, resolve(real, relative(existing, path)));
}

/** A checked Address directory: as the Address names it (reported in the output) and where it is written. */
export interface AddressDirectory {
  addressId: string;
  named: string;
  onDisk: string;
}

/**
 * The directory a file:// Address names, checked to lie inside the root both as written (so
 * `file:///etc` or `..` segments never leave it) and after `realpath` of its deepest existing
 * ancestor (so a symlink anywhere on the way cannot lead out). Nothing is created here.
 */
export async function addressDirectory(sandbox: FileSandbox, addressId: string, connectionString: string): Promise<AddressDirectory> {
  let named: string;
  try {
    named = resolve(fileURLToPath(connectionString));
  } catch (error) {
    throw permanent(`Address ${JSON.stringify(addressId)} has a connectionString that is not a usable file URL: ${(error as Error).message}`);
  }
  if (!inside(sandbox.root, named)) throw outsideRoot(addressId);
  // Addresses name the root as configured; the file system may reach it through a symlink (/var -> /private/var).
  const onDisk = resolve(sandbox.realRoot, relative(sandbox.root, named));
  const ok = await resolvesInside(sandbox, onDisk).catch((error: unknown) => { throw fileSystemFailure(addressId, error); });
  if (!ok) throw outsideRoot(addressId);
  return { addressId, named, onDisk };
}

/**
 * Creates the checked directory (and missing parents), then checks it again, so a symlink
 * planted since the first check is not written through. Node has no `openat`, so a process
 * that may write inside the root could still race these checks: hence a root writable only by
 * the processor's user (`openFileSandbox`).
 */
export async function makeAddressDirectory(sandbox: FileSandbox, { addressId, onDisk }: AddressDirectory): Promise<void> {
  let real: string;
  try {
    await mkdir(onDisk, { recursive: true });
    real = await realpath(onDisk);
  } catch (error) {
    throw fileSystemFailure(addressId, error);
  }
  if (!inside(sandbox.realRoot, real)) throw outsideRoot(addressId);
}
