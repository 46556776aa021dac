/**
 * Credentials inside URLs (`rtsp://admin:secret@10.0.0.21/main`, `redis://:secret@cache:6379`)
 * must never reach a log, an error or an API answer. The password runs to the last `@` before the
 * host: camera passwords such as `Admin@123` are common and ffmpeg accepts them unencoded.
 */
const URL_CREDENTIALS = /([a-z][a-z0-9+.-]*:\/\/)([^\s/@:]*)(?::([^\s/]*))?@(?=[^\s@/]*(?:[\s/]|$))/gi;

/** Replaces every URL password in `text` with `***` (the user name stays: it helps diagnosis). */
export function redactUrlCredentials(text: string): string {
  return text.replace(URL_CREDENTIALS, (_match, scheme: string, user: string, password: string | undefined) =>
    password === undefined ? `${scheme}${user}@` : `${scheme}${user}:***@`,
  );
}
