/*
 * The camera form keeps user name and password in their own fields and puts them into the URL only
 * when it is sent: the console splits them off again and stores them encrypted. The password runs
 * to the last `@` before the host (as in contracts' redaction) because camera passwords such as
 * `Admin@123` are common and ffmpeg takes them unencoded.
 */
const WITH_USERINFO = /^([a-z][a-z0-9+.-]*:\/\/)([^\s/@:]*)(?::([^\s/]*))?@(?=[^\s@/]*(?:[\s/]|$))/i;
const SCHEME = /^([a-z][a-z0-9+.-]*:\/\/)/i;

/** True when the URL itself carries `user[:password]@`. */
export function urlHasCredentials(url: string): boolean {
  return WITH_USERINFO.test(url.trim());
}

/** The URL without its `user[:password]@` part. */
export function withoutCredentials(url: string): string {
  return url.trim().replace(WITH_USERINFO, '$1');
}

/**
 * The URL to send: the typed user name and password replace any the URL carries; with both empty
 * the URL is sent as typed. Characters that would end the user info early are percent-encoded
 * (`:` and `@` in the name, `/ ? #` and spaces in either).
 */
export function withCredentials(url: string, username: string, password: string): string {
  const trimmed = url.trim();
  if (username === '' && password === '') return trimmed;
  const scheme = SCHEME.exec(trimmed)?.[1];
  if (!scheme) return trimmed;
  const rest = withoutCredentials(trimmed).slice(scheme.length);
  const user = encodeSome(username, /[:@/?#\s]/g);
  const userinfo = password === '' ? user : `${user}:${encodeSome(password, /[/?#\s]/g)}`;
  return `${scheme}${userinfo}@${rest}`;
}

function encodeSome(text: string, unsafe: RegExp): string {
  return text.replace(unsafe, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}
