import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { XMLParser } from 'fast-xml-parser';

/*
 * The little SOAP that ONVIF discovery and profile listing need: envelopes with a WS-Security
 * UsernameToken (password digest, as every ONVIF camera accepts), and a namespace-blind parser,
 * since cameras disagree on prefixes.
 */

export const SOAP_ENV = 'http://www.w3.org/2003/05/soap-envelope';
const WSSE = 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd';
const WSU = 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd';
const DIGEST = 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-username-token-profile-1.0#PasswordDigest';
const BASE64 = 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-soap-message-security-1.0#Base64Binary';

export interface Login {
  user: string;
  password: string;
}

/** XML text content, escaped. */
export function xmlText(value: string): string {
  return value.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Base64(SHA-1(nonce + created + password)): the UsernameToken profile's password digest. */
export function passwordDigest(nonce: Buffer, created: string, password: string): string {
  return createHash('sha1').update(Buffer.concat([nonce, Buffer.from(created, 'utf8'), Buffer.from(password, 'utf8')])).digest('base64');
}

function securityHeader(login: Login, now = new Date()): string {
  const nonce = randomBytes(16);
  const created = now.toISOString();
  return (
    `<Security s:mustUnderstand="1" xmlns="${WSSE}"><UsernameToken><Username>${xmlText(login.user)}</Username>` +
    `<Password Type="${DIGEST}">${passwordDigest(nonce, created, login.password)}</Password>` +
    `<Nonce EncodingType="${BASE64}">${nonce.toString('base64')}</Nonce><Created xmlns="${WSU}">${created}</Created></UsernameToken></Security>`
  );
}

/** A SOAP 1.2 envelope around `body` (with its own namespace declarations), signed in when `login` is given. */
export function envelope(body: string, login?: Login): string {
  const header = login ? `<s:Header>${securityHeader(login)}</s:Header>` : '';
  return `<?xml version="1.0" encoding="UTF-8"?><s:Envelope xmlns:s="${SOAP_ENV}">${header}<s:Body>${body}</s:Body></s:Envelope>`;
}

export function newMessageId(): string {
  return `uuid:${randomUUID()}`;
}

const parser = new XMLParser({ removeNSPrefix: true, ignoreAttributes: false, attributeNamePrefix: '@', parseTagValue: false, trimValues: true });

/** The document as plain objects, prefixes removed; attributes are `@name`, text of an element with attributes is `#text`. */
export function parseXml(text: string): Record<string, unknown> {
  return parser.parse(text) as Record<string, unknown>;
}

/** Follows a path of element names; a repeated element is its first occurrence unless `all`. */
export function at(node: unknown, ...path: string[]): unknown {
  let current = node;
  for (const key of path) {
    if (Array.isArray(current)) current = current[0];
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

export function list(node: unknown): unknown[] {
  return node === undefined ? [] : Array.isArray(node) ? node : [node];
}

/** An element's text, whether it has attributes or not. */
export function text(node: unknown): string | undefined {
  if (Array.isArray(node)) return text(node[0]);
  if (typeof node === 'string') return node;
  if (typeof node === 'number') return String(node);
  if (node !== null && typeof node === 'object' && '#text' in node) return String((node as Record<string, unknown>)['#text']);
  return undefined;
}
