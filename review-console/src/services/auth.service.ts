import { randomUUID } from 'node:crypto';
import { dummyPasswordHash, PasswordCheckBusy, verifyPassword } from '../auth/password.js';
import { hmacHex, randomToken, safeEqual } from '../auth/tokens.js';
import { AccountLocked, CsrfFailed, NotAuthenticated, TooManyAttempts } from '../domain/errors.js';
import { LoginThrottle } from '../domain/login-throttle.js';
import type { SessionRepository } from '../repositories/session.repository.js';
import type { UserRepository, UserWithWards } from '../repositories/user.repository.js';
import type { Role } from '../api/api-types.js';
import type { Actor } from './actor.js';

/** A working day; each request pushes the end out again. */
export const SESSION_TTL_MS = 12 * 3_600_000;
/** Writing the new expiry on every request would turn reads into writes; once a minute is plenty. */
const EXTEND_AFTER_MS = 60_000;
/** Failed sign-ins from one address, any names, in the window: a busy office behind one NAT stays well under it. */
const ADDRESS_MAX_FAILURES = 20;
/** What a sign-in turned away for a full queue of password checks is asked to wait. */
const BUSY_RETRY_SECONDS = 5;

export interface AuthServiceOptions {
  sessionSecret: string;
  clock: () => Date;
  /** Failed logins allowed per username and address in each window. */
  maxFailures?: number;
  windowMs?: number;
}

export interface SignedIn {
  actor: Actor;
  sessionToken: string;
  csrfToken: string;
}

export function toActor(user: UserWithWards): Actor {
  return { id: user.id, username: user.username, role: user.role as Role, wards: user.wards, districtId: user.district_id };
}

export class AuthService {
  private readonly throttle: LoginThrottle;
  private readonly addressThrottle: LoginThrottle;

  constructor(
    private readonly users: UserRepository,
    private readonly sessions: SessionRepository,
    private readonly options: AuthServiceOptions,
  ) {
    this.throttle = new LoginThrottle({ maxFailures: options.maxFailures ?? 5, windowMs: options.windowMs ?? 15 * 60_000 });
    this.addressThrottle = new LoginThrottle({ maxFailures: ADDRESS_MAX_FAILURES, windowMs: options.windowMs ?? 15 * 60_000 });
  }

  async login(username: string, password: string, clientAddress: string): Promise<SignedIn> {
    const key = `${username.toLowerCase()}\u0000${clientAddress}`;
    const now = this.options.clock();
    // Per name and address, and per address whatever the name: a spray of made-up names is counted too.
    const wait = Math.max(this.throttle.retryAfterSeconds(key, now.getTime()), this.addressThrottle.retryAfterSeconds(clientAddress, now.getTime()));
    if (wait > 0) throw new TooManyAttempts(`too many failed sign-ins; try again in ${wait} seconds`, wait);
    const user = await this.users.findByUsername(username);
    let ok: boolean;
    try {
      ok = await verifyPassword(password, user?.password_hash ?? (await dummyPasswordHash()));
    } catch (error) {
      if (error instanceof PasswordCheckBusy) throw new TooManyAttempts(error.message, BUSY_RETRY_SECONDS);
      throw error;
    }
    if (!user || !ok || user.disabled !== 0) {
      this.throttle.recordFailure(key, now.getTime());
      this.addressThrottle.recordFailure(clientAddress, now.getTime());
      // Only someone who knows the password learns that the account is locked, not why a guess failed.
      if (user && ok) throw new AccountLocked('this account is locked; ask an administrator to unlock it');
      throw new NotAuthenticated('wrong username or password');
    }
    this.throttle.recordSuccess(key);
    const sessionToken = randomToken();
    await this.sessions.insert({
      id_hash: this.sessionHash(sessionToken),
      user_id: user.id,
      created_at: now.toISOString(),
      expires_at: new Date(now.getTime() + SESSION_TTL_MS).toISOString(),
    });
    return { actor: toActor(user), sessionToken, csrfToken: this.csrfFor(sessionToken) };
  }

  /** The actor behind a session cookie; NotAuthenticated when it is unknown, expired or the user is disabled. */
  async authenticate(sessionToken: string | undefined): Promise<Actor> {
    if (!sessionToken || sessionToken.length > 200) throw new NotAuthenticated('please sign in');
    const idHash = this.sessionHash(sessionToken);
    const session = await this.sessions.find(idHash);
    const now = this.options.clock().getTime();
    if (!session || Date.parse(session.expires_at) <= now) throw new NotAuthenticated('your session has ended; please sign in again');
    const user = await this.users.findById(session.user_id);
    if (!user || user.disabled !== 0) throw new NotAuthenticated('please sign in');
    if (Date.parse(session.expires_at) - now < SESSION_TTL_MS - EXTEND_AFTER_MS) {
      await this.sessions.extend(idHash, new Date(now + SESSION_TTL_MS).toISOString());
    }
    return toActor(user);
  }

  async logout(sessionToken: string | undefined): Promise<void> {
    if (sessionToken) await this.sessions.remove(this.sessionHash(sessionToken));
  }

  /** Bound to the session: a page on another site cannot read it, so it cannot send it. */
  csrfFor(sessionToken: string): string {
    return hmacHex(this.options.sessionSecret, 'csrf', sessionToken);
  }

  assertCsrf(sessionToken: string | undefined, header: string | undefined): void {
    if (!sessionToken || !header || !safeEqual(header, this.csrfFor(sessionToken))) {
      throw new CsrfFailed('this request is missing its security token; reload the page and try again');
    }
  }

  private sessionHash(sessionToken: string): string {
    return hmacHex(this.options.sessionSecret, 'session', sessionToken);
  }
}

export function newUserId(): string {
  return randomUUID();
}
