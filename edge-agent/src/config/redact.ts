/**
 * Credentials must never reach logs, errors, /status or metric labels. Everything that prints a
 * camera URL or an ffmpeg command line goes through these.
 */

import { redactUrlCredentials } from '@wardwatch/contracts';

/** `rtsp://admin:secret@10.0.0.21/main` -> `rtsp://admin:***@10.0.0.21/main`. */
export function redactUrl(url: string): string {
  return redactUrlCredentials(url);
}

/**
 * Redacts known secrets, then every URL with credentials, inside free text (ffmpeg stderr, error
 * messages). Exact secrets go first: once a URL pattern has rewritten part of a password, the
 * rest of it could no longer be found.
 */
export function redactText(text: string, secrets: readonly string[] = []): string {
  let out = text;
  for (const secret of secrets) {
    if (secret.length >= 3) out = out.split(secret).join('***');
  }
  return redactUrlCredentials(out);
}

/** The password of a URL, if any, so that it can also be scrubbed when a tool prints it bare. */
export function urlSecrets(url: string): string[] {
  try {
    const parsed = new URL(url);
    const secrets: string[] = [];
    if (parsed.password) secrets.push(decodeURIComponent(parsed.password), parsed.password);
    return secrets;
  } catch {
    // Not a URL (a file path): it has no credentials to collect.
    return [];
  }
}
