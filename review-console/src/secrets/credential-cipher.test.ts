import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { CredentialCipher } from './credential-cipher.js';

describe('credential cipher (AES-256-GCM)', () => {
  const cipher = new CredentialCipher(randomBytes(32));

  it('seals to a versioned string without the secret in it, and opens it again', () => {
    const sealed = cipher.seal('admin:Adm1n@secret');
    expect(sealed).toMatch(/^v1:[A-Za-z0-9_-]{16}:[A-Za-z0-9_-]{22}:[A-Za-z0-9_-]+$/);
    expect(sealed).not.toContain('Adm1n');
    expect(cipher.open(sealed)).toBe('admin:Adm1n@secret');
  });

  it('the same login sealed twice gives different strings (a fresh IV each time)', () => {
    expect(cipher.seal('admin:pw')).not.toBe(cipher.seal('admin:pw'));
  });

  it('a tampered value or another key fails loudly instead of decrypting to junk', () => {
    const sealed = cipher.seal('admin:pw');
    // One ciphertext character changed, the first: unlike the last, it never falls on base64's unused padding bits.
    const at = sealed.lastIndexOf(':') + 1;
    const tampered = `${sealed.slice(0, at)}${sealed[at] === 'A' ? 'B' : 'A'}${sealed.slice(at + 1)}`;
    expect(() => cipher.open(tampered)).toThrow(/could not be decrypted/);
    expect(() => new CredentialCipher(randomBytes(32)).open(sealed)).toThrow(/secret key .* changed/);
    expect(() => cipher.open('admin:pw')).toThrow(/not in the v1 sealed format/);
  });

  it('without a key, sealing says which setting is missing', () => {
    expect(() => new CredentialCipher(undefined).seal('x')).toThrow(/WARDWATCH_SECRET_KEY/);
    expect(() => new CredentialCipher(Buffer.alloc(16))).toThrow(/32 bytes/);
  });
});
