/*
 * Camera URLs carry their login (`rtsp://admin:Adm1n@secret@10.0.0.5/sub`). The userinfo runs to
 * the LAST `@` before the first `/` after the scheme, the rule redactUrlCredentials uses: camera
 * passwords with `@`, `#` or `?` are common and are typed unencoded, where WHATWG `new URL()` (and
 * RFC 3986) would end the host at the `#` or `?` and leave the password in the URL. A password
 * cannot contain `/` (it must be written `%2F`). The console splits and joins logins with these;
 * the agent uses the same split to escape a login for ffmpeg.
 */
const WITH_AUTHORITY = /^([a-z][a-z0-9+.-]*:\/\/)([^/]*)(.*)$/is;

/** `scheme://`, the authority (login included) up to the first `/`, and the rest; null for a file path. */
export function urlParts(url: string): { scheme: string; authority: string; rest: string } | null {
  const match = WITH_AUTHORITY.exec(url);
  if (!match) return null;
  const [, scheme, authority, rest] = match as unknown as [string, string, string, string];
  return { scheme, authority, rest };
}

export interface SplitUrl {
  /** The URL without `userinfo@`. */
  url: string;
  /** `user:password` (or just `user`) as written, or null when the URL has none. */
  userinfo: string | null;
}

export function splitCredentials(url: string): SplitUrl {
  const parts = urlParts(url);
  if (!parts) return { url, userinfo: null };
  const at = parts.authority.lastIndexOf('@');
  if (at < 0) return { url, userinfo: null };
  const userinfo = parts.authority.slice(0, at);
  return { url: `${parts.scheme}${parts.authority.slice(at + 1)}${parts.rest}`, userinfo: userinfo === '' ? null : userinfo };
}

/** The URL with `userinfo@` put back after the scheme (a URL without a host part is left alone). */
export function joinCredentials(url: string, userinfo: string | null | undefined): string {
  if (!userinfo) return url;
  const parts = urlParts(url);
  if (!parts) return url;
  return `${parts.scheme}${userinfo}@${parts.authority}${parts.rest}`;
}
