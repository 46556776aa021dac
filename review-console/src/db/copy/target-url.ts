import { redactUrlCredentials } from '@wardwatch/contracts';
import { maskSecret } from '../../domain/stream-credentials.js';

/** The password parameters a PostgreSQL URL may carry in its query besides `user:password@`. */
const QUERY_SECRETS = ['password', 'sslpassword'];
const QUERY_SECRET = new RegExp(`([?&](?:${QUERY_SECRETS.join('|')})=)[^&#\\s]*`, 'gi');

export interface TargetUrl {
  url: string;
  /** The URL with its passwords as `***`, for the terminal. */
  shown: string;
  /** Any text (an error from the driver, say) with every form of the URL's passwords masked. */
  scrub: (text: string) => string;
}

/** A postgres:// or postgresql:// URL, or null; the passwords in it are never shown. */
export function parseTargetUrl(text: string): TargetUrl | null {
  if (!/^postgres(ql)?:\/\/\S+$/.test(text)) return null;
  let parsed: URL;
  try {
    parsed = new URL(text);
  } catch {
    return null;
  }
  const secrets = [parsed.password, ...QUERY_SECRETS.flatMap((name) => parsed.searchParams.getAll(name))].filter((s) => s.length > 0);
  const scrub = (value: string) => secrets.reduce((masked, secret) => maskSecret(masked, secret), redactUrlCredentials(value).replace(QUERY_SECRET, '$1***'));
  return { url: text, shown: scrub(text), scrub };
}
