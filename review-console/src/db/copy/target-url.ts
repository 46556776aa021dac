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
  /** Where it connects, for hints such as `createdb -h HOST -p PORT -U USER DATABASE` (libpq's defaults where the URL is silent). */
  host: string;
  port: string;
  user: string | null;
  database: string | null;
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
  const decode = (value: string) => {
    try {
      return decodeURIComponent(value);
    } catch {
      return value;
    }
  };
  const user = decode(parsed.username) || parsed.searchParams.get('user') || null;
  const database = decode(parsed.pathname.replace(/^\//, '')) || parsed.searchParams.get('dbname') || user;
  return { url: text, shown: scrub(text), scrub, host: decode(parsed.hostname) || parsed.searchParams.get('host') || 'localhost', port: parsed.port || parsed.searchParams.get('port') || '5432', user, database };
}
