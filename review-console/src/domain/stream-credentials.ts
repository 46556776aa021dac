/*
 * Camera URLs carry their login (`rtsp://admin:Adm1n@secret@10.0.0.5/sub`): the console keeps the
 * URL and the `user:password` apart so that only the latter is sealed, and puts them back together
 * only for the agent. The userinfo runs to the LAST `@` before the host, as in contracts'
 * redactUrlCredentials: camera passwords with `@` are common and ffmpeg accepts them unencoded,
 * which WHATWG `new URL()` would split at the first `@`. A password cannot contain `/`.
 */
const WITH_AUTHORITY = /^([a-z][a-z0-9+.-]*:\/\/)([^/?#]*)(.*)$/is;

export interface SplitUrl {
  /** The URL without `userinfo@`. */
  url: string;
  /** `user:password` (or just `user`) as written, or null when the URL has none. */
  userinfo: string | null;
}

export function splitCredentials(url: string): SplitUrl {
  const match = WITH_AUTHORITY.exec(url);
  if (!match) return { url, userinfo: null };
  const [, scheme, authority, rest] = match as unknown as [string, string, string, string];
  const at = authority.lastIndexOf('@');
  if (at < 0) return { url, userinfo: null };
  const userinfo = authority.slice(0, at);
  return { url: `${scheme}${authority.slice(at + 1)}${rest}`, userinfo: userinfo === '' ? null : userinfo };
}

/** The URL the agent must open: `userinfo@` put back after the scheme (a URL without a host part is left alone). */
export function joinCredentials(url: string, userinfo: string | null | undefined): string {
  if (!userinfo) return url;
  const match = WITH_AUTHORITY.exec(url);
  if (!match) return url;
  const [, scheme, authority, rest] = match as unknown as [string, string, string, string];
  return `${scheme}${userinfo}@${authority}${rest}`;
}

/** The password part of `user:password`, for scrubbing it out of free text an agent sends back. */
export function passwordOf(userinfo: string | null | undefined): string | null {
  if (!userinfo) return null;
  const colon = userinfo.indexOf(':');
  return colon < 0 ? null : userinfo.slice(colon + 1) || null;
}
