import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/*
 * scrypt (memory-hard) with N=2^15, r=8: about 32 MiB and tens of milliseconds per guess, the
 * OWASP baseline. Parameters are stored with each hash so they can be raised later.
 */
const DEFAULT = { N: 1 << 15, r: 8, p: 1 };
const KEY_LENGTH = 32;

/**
 * scrypt runs in libuv's thread pool (4 threads), which file reads and writes share: 60 sign-ins
 * at once held every thread and a clip took 28 s to start. One derivation runs at a time; the
 * rest wait their turn, at most MAX_WAITING of them, and past that a sign-in is turned away.
 */
const MAX_RUNNING = 1;
const MAX_WAITING = 64;

/** Too many sign-ins at once: the caller answers 429 and asks to try again shortly. */
export class PasswordCheckBusy extends Error {
  constructor() {
    super('too many sign-ins at once; try again in a few seconds');
    this.name = 'PasswordCheckBusy';
  }
}

let running = 0;
let mostRunning = 0;
const waiting: (() => void)[] = [];

/** The most derivations that ever ran at once in this process (tests check the gate holds). */
export function mostConcurrentDerivations(): number {
  return mostRunning;
}

/** A turn to derive; a finished one hands its turn straight to the next in line. */
async function acquire(): Promise<void> {
  if (running < MAX_RUNNING) {
    running++;
  } else {
    if (waiting.length >= MAX_WAITING) throw new PasswordCheckBusy();
    await new Promise<void>((resolve) => waiting.push(resolve));
  }
  mostRunning = Math.max(mostRunning, running);
}

function release(): void {
  const next = waiting.shift();
  if (next) next();
  else running--;
}

async function derive(password: string, salt: Buffer, options: ScryptOptions, keyLength: number): Promise<Buffer> {
  await acquire();
  try {
    return await new Promise<Buffer>((resolve, reject) => {
      scrypt(password.normalize('NFKC'), salt, keyLength, { ...options, maxmem: 128 * 1024 * 1024 }, (error, key) => (error ? reject(error) : resolve(key)));
    });
  } finally {
    release();
  }
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, DEFAULT, KEY_LENGTH);
  return `scrypt$${DEFAULT.N}$${DEFAULT.r}$${DEFAULT.p}$${salt.toString('base64')}$${key.toString('base64')}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [, n, r, p, saltText, keyText] = parts as [string, string, string, string, string, string];
  const expected = Buffer.from(keyText, 'base64');
  const key = await derive(password, Buffer.from(saltText, 'base64'), { N: Number(n), r: Number(r), p: Number(p) }, expected.length);
  return key.length === expected.length && timingSafeEqual(key, expected);
}

/** Spent on unknown usernames so that a miss takes as long as a wrong password. */
let dummyHash: Promise<string> | undefined;
export function dummyPasswordHash(): Promise<string> {
  dummyHash ??= hashPassword(randomBytes(12).toString('hex'));
  return dummyHash;
}
