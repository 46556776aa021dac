import { redactUrlCredentials, splitCredentials, urlParts, type SplitUrl } from '@wardwatch/contracts';
import { InvalidInput } from './errors.js';

/*
 * The console keeps a camera URL and its `user:password` apart so that only the latter is sealed,
 * and puts them back together only for the agent (splitCredentials / joinCredentials in contracts,
 * whose rule the agent also uses to escape the login for ffmpeg).
 */
/** A password passed as a query parameter, as some cameras document (`?user=admin&password=…`). */
const QUERY_SECRET = /[?&;](password|passwd|pwd|pass|pw)=[^&#]/i;

/** A host part with at most a numeric port, or an IPv6 literal; anything else still hides a login. */
const HOST_PORT = /^(?:\[[^\]]*\]|[^:[\]]*)(?::\d*)?$/;

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
  // Stored and shown as part of the address (site view, version history) it would be in clear.
  const inQuery = QUERY_SECRET.exec(split.url);
  if (inQuery) {
    const line = `${what}: the address carries a password in its query (${inQuery[1]}=…); take it out and type the login in the user name and password fields, which RTSP cameras accept`;
    throw new InvalidInput(`the stream address was refused: ${line}`, [line]);
  }
  return split;
}

/**
 * Scheme, host and port of a URL without its login (case-insensitive), or null for a file path.
 * A stored login may only follow its URL to the same place: pointed elsewhere, the agent would
 * send the camera's password to whoever runs that address.
 */
export function originOf(url: string): string | null {
  const parts = urlParts(splitCredentials(url).url);
  if (!parts) return null;
  return `${parts.scheme}${parts.authority.split(/[?#]/)[0] ?? ''}`.toLowerCase();
}

/**
 * `text` with every form of `secret` an error message may carry masked: as typed, percent-decoded
 * (`ProbePw%23123` is `ProbePw#123` once ffmpeg has read it) and percent-encoded (either of them).
 */
export function maskSecret(text: string, secret: string | null | undefined): string {
  if (!secret) return text;
  let decoded = secret;
  try {
    decoded = decodeURIComponent(secret);
  } catch {
    // Not a valid escape sequence: the typed form is the only one.
  }
  const forms = [...new Set([secret, decoded, encodeURIComponent(decoded), encodeURIComponent(secret)])].filter((form) => form.length > 0).sort((a, b) => b.length - a.length);
  return forms.reduce((masked, form) => masked.split(form).join('***'), text);
}

/** The password part of `user:password`, for scrubbing it out of free text an agent sends back. */
export function passwordOf(userinfo: string | null | undefined): string | null {
  if (!userinfo) return null;
  const colon = userinfo.indexOf(':');
  return colon < 0 ? null : userinfo.slice(colon + 1) || null;
}

function hostPart(url: string): string | null {
  return urlParts(url)?.authority ?? null;
}
