import { redactUrlCredentials } from '@wardwatch/contracts';
import { InvalidInput } from './errors.js';

/*
 * Camera URLs carry their login (`rtsp://admin:Adm1n@secret@10.0.0.5/sub`): the console keeps the
 * URL and the `user:password` apart so that only the latter is sealed, and puts them back together
 * only for the agent. The userinfo runs to the LAST `@` before the first `/` after the scheme, the
 * rule contracts' redactUrlCredentials uses: camera passwords with `@`, `#` or `?` are common and
 * are typed unencoded, where WHATWG `new URL()` (and RFC 3986) would end the host at the `#` or
 * `?` and leave the password in the URL. A password cannot contain `/` (it must be written `%2F`).
 */
const WITH_AUTHORITY = /^([a-z][a-z0-9+.-]*:\/\/)([^/]*)(.*)$/is;
/** A host part with at most a numeric port, or an IPv6 literal; anything else still hides a login. */
const HOST_PORT = /^(?:\[[^\]]*\]|[^:[\]]*)(?::\d*)?$/;

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

/**
 * splitCredentials for a URL about to be stored or shown: refused (in words that do not repeat
 * it) when what is left still looks like it carries a login, e.g. a password with `/`
 * (`rtsp://admin:a/b@cam/sub`) or a second URL with a login inside the query.
 */
export function splitForStorage(url: string, what: string): SplitUrl {
  const split = splitCredentials(url);
  const host = hostPart(split.url);
  const leftover = redactUrlCredentials(split.url) !== split.url || (host !== null && !HOST_PORT.test(host.split(/[?#]/)[0] ?? ''));
  if (leftover) {
    const line = `${what}: the login cannot be told apart from the address; write a "/" in the password as %2F`;
    throw new InvalidInput(`the stream address was refused: ${line}`, [line]);
  }
  return split;
}

/** The URL the agent must open: `userinfo@` put back after the scheme (a URL without a host part is left alone). */
export function joinCredentials(url: string, userinfo: string | null | undefined): string {
  if (!userinfo) return url;
  const match = WITH_AUTHORITY.exec(url);
  if (!match) return url;
  const [, scheme, authority, rest] = match as unknown as [string, string, string, string];
  return `${scheme}${userinfo}@${authority}${rest}`;
}

/**
 * Scheme, host and port of a URL without its login (case-insensitive), or null for a file path.
 * A stored login may only follow its URL to the same place: pointed elsewhere, the agent would
 * send the camera's password to whoever runs that address.
 */
export function originOf(url: string): string | null {
  const match = WITH_AUTHORITY.exec(splitCredentials(url).url);
  if (!match) return null;
  const [, scheme, authority] = match as unknown as [string, string, string];
  return `${scheme}${authority.split(/[?#]/)[0] ?? ''}`.toLowerCase();
}

/** The password part of `user:password`, for scrubbing it out of free text an agent sends back. */
export function passwordOf(userinfo: string | null | undefined): string | null {
  if (!userinfo) return null;
  const colon = userinfo.indexOf(':');
  return colon < 0 ? null : userinfo.slice(colon + 1) || null;
}

function hostPart(url: string): string | null {
  const match = WITH_AUTHORITY.exec(url);
  return match ? (match[2] ?? '') : null;
}
