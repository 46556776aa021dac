import { realpathSync } from 'node:fs';
import { isAbsolute, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isNetworkUrl } from '../ffmpeg/ingest-args.js';

/*
 * A camera address from the console is typed by an installer, who has no business reading the
 * agent box's own files: a local path would let them play any video on it (the evidence cache of
 * another camera, a copied recording) through a probe snapshot, or make ffmpeg chew on a device
 * file. The console may only name files under folders the agent's local settings open for it
 * (`console.fileInputs`, e.g. a demo clip folder); network addresses are not affected, and a
 * local file's own cameras are the box owner's choice and are not checked.
 */

/** Why the console may not use this input on this agent; undefined when it may. */
export function consoleFileInputProblem(url: string, allowedFolders: readonly string[]): string | undefined {
  if (isNetworkUrl(url)) return undefined;
  let local: string;
  try {
    local = /^file:\/\//i.test(url) ? fileURLToPath(url) : url;
  } catch {
    // `file://host/...` or an encoded `/` in the path: no local file this agent opens.
    return 'not a local file path this agent accepts (a file:// URL must have no host: file:///path/to/clip.mp4)';
  }
  const path = realOrResolved(local);
  if (allowedFolders.some((folder) => within(path, realOrResolved(folder)))) return undefined;
  return allowedFolders.length === 0
    ? 'a file on the agent; the console may not point this agent at its own files (the agent\'s local settings can open folders for it in console.fileInputs)'
    : `a file outside the folders this agent opens to the console (console.fileInputs: ${allowedFolders.join(', ')})`;
}

function within(path: string, folder: string): boolean {
  const rel = relative(folder, path);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
}

/** Symbolic links resolved, so a link inside an open folder cannot lead out of it. */
function realOrResolved(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    // Not there (yet): judged by its resolved name; ffmpeg will report it missing.
    return resolve(path);
  }
}
