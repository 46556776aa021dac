import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/** `v1:<iv>:<tag>:<ciphertext>`, each part base64url: the version lets a later key or scheme coexist. */
const SEALED = /^v1:([A-Za-z0-9_-]{16}):([A-Za-z0-9_-]{22}):([A-Za-z0-9_-]*)$/;

/**
 * Seals short secrets (camera `user:password`, probe URLs) with AES-256-GCM. A fresh 96-bit IV
 * per value; the tag makes a tampered or foreign value fail loudly instead of decrypting to junk.
 */
export class CredentialCipher {
  constructor(private readonly key: Buffer | undefined) {
    if (key !== undefined && key.length !== 32) throw new Error('the credential key must be 32 bytes');
  }

  seal(plain: string): string {
    const key = this.requireKey();
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return `v1:${iv.toString('base64url')}:${cipher.getAuthTag().toString('base64url')}:${body.toString('base64url')}`;
  }

  open(sealed: string): string {
    const key = this.requireKey();
    const match = SEALED.exec(sealed);
    if (!match) throw new Error('a stored credential is not in the v1 sealed format');
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(match[1]!, 'base64url'));
    decipher.setAuthTag(Buffer.from(match[2]!, 'base64url'));
    try {
      return Buffer.concat([decipher.update(Buffer.from(match[3]!, 'base64url')), decipher.final()]).toString('utf8');
    } catch {
      throw new Error('a stored credential could not be decrypted: was the secret key (WARDWATCH_SECRET_KEY or <dataDir>/secret-key) changed?');
    }
  }

  /** The plain text, or null when it cannot be opened (no key, another key, not a sealed value). */
  tryOpen(sealed: string): string | null {
    try {
      return this.open(sealed);
    } catch {
      return null;
    }
  }

  private requireKey(): Buffer {
    if (!this.key) throw new Error('camera credentials need a secret key (WARDWATCH_SECRET_KEY or <dataDir>/secret-key), and none was given');
    return this.key;
  }
}
