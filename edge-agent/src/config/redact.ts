/**
 * Credentials must never reach logs, errors, /status or metric labels. Everything that prints a
 * camera URL or an ffmpeg command line goes through these.
 */

const URL_WITH_USERINFO = /([a-z][a-z0-9+.-]*:\/\/)([^\s/@:]*)(?::([^\s/@]*))?@/gi;

/** `rtsp://admin:secret@10.0.0.21/main` -> `rtsp://admin:***@10.0.0.21/main`. */
export function redactUrl(url: string): string {
  return url.replace(URL_WITH_USERINFO, (_match, scheme: string, user: string, password: string | undefined) =>
    password === undefined ? `${scheme}${user}@` : `${scheme}${user}:***@`,
  );
}

/** Redacts every URL with credentials inside free text (ffmpeg stderr, error messages). */
export function redactText(text: string, secrets: readonly string[] = []): string {
  let out = redactUrl(text);
  for (const secret of secrets) {
    if (secret.length >= 3) out = out.split(secret).join('***');
  }
  return out;
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
