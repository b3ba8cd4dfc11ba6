import type { EntityManager } from '@mikro-orm/postgresql';
import type { Express, Request, RequestHandler, Response } from 'express';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { TooManyRequestsPage } from '../web/pages/status-page';
import { ApiError } from './errors';
import { pageContext, sendPage } from './page-rendering';

/**
 * Abuse resistance on the public side: how often one address may bring a petition
 * or look a case up, and how many wrong access codes a case takes before look-ups
 * of it are slowed down and locked.
 */
export interface AbuseLimits {
  /** Petitions and public uploads per client address. */
  intake: { points: number; durationSeconds: number };
  /** Look-ups and actions by case number and access code, per client address. */
  lookup: { points: number; durationSeconds: number };
  /** Per case: wrong codes allowed before a lock, the first lock, and the longest. */
  guard: { freeFailures: number; firstLockSeconds: number; maxLockSeconds: number };
  /**
   * Failed staff sign-ins per client address. Only failures count: a whole office
   * behind one address signs in every morning.
   */
  signIn: { points: number; durationSeconds: number };
  /** Per staff account: wrong passwords within `windowSeconds` that lock it, and for how long. */
  staffLock: { failures: number; windowSeconds: number; lockSeconds: number };
  /** 找回查询码: requests for a new access code per client address, per case and per phone. */
  lostCode: {
    perAddress: { points: number; durationSeconds: number };
    perCase: { points: number; durationSeconds: number };
    perPhone: { points: number; durationSeconds: number };
  };
}

export const defaultLimits: AbuseLimits = {
  intake: { points: 10, durationSeconds: 10 * 60 },
  lookup: { points: 30, durationSeconds: 60 },
  guard: { freeFailures: 5, firstLockSeconds: 60, maxLockSeconds: 60 * 60 },
  signIn: { points: 30, durationSeconds: 15 * 60 },
  staffLock: { failures: 5, windowSeconds: 15 * 60, lockSeconds: 15 * 60 },
  lostCode: {
    perAddress: { points: 10, durationSeconds: 60 * 60 },
    perCase: { points: 5, durationSeconds: 24 * 60 * 60 },
    perPhone: { points: 5, durationSeconds: 24 * 60 * 60 },
  },
};

/** The limits, with any part overridden (tests make them generous, or the locks short). */
export function abuseLimits(overrides: Partial<AbuseLimits> = {}): AbuseLimits {
  return {
    intake: { ...defaultLimits.intake, ...overrides.intake },
    lookup: { ...defaultLimits.lookup, ...overrides.lookup },
    guard: { ...defaultLimits.guard, ...overrides.guard },
    signIn: { ...defaultLimits.signIn, ...overrides.signIn },
    staffLock: { ...defaultLimits.staffLock, ...overrides.staffLock },
    lostCode: { ...defaultLimits.lostCode, ...overrides.lostCode },
  };
}

const tooManyCodes = {
  'errors.tooManyRequests': 'too_many_requests',
  'errors.lookupLocked': 'lookup_locked',
  'errors.signInLocked': 'sign_in_locked',
  'lostCode.tooMany': 'lost_code_too_many',
} as const;

/** A 429 that tells the client when to come back (`Retry-After`, in whole seconds). */
export class TooManyRequests extends ApiError {
  constructor(
    readonly retryAfterSeconds: number,
    messageKey: keyof typeof tooManyCodes,
  ) {
    super(429, tooManyCodes[messageKey], messageKey, {
      minutes: Math.max(1, Math.ceil(retryAfterSeconds / 60)),
    });
  }
}

/** Sets `Retry-After` when the error is a 429 of ours; call before answering. */
export function setRetryAfter(res: Response, error: unknown): void {
  if (error instanceof TooManyRequests) res.set('Retry-After', String(error.retryAfterSeconds));
}

/**
 * Per client address (`req.ip`), in this process's memory: each API process
 * counts on its own, which is enough to slow a flood down. `onLimited` answers a
 * page instead of JSON where a person is at a form.
 */
export function perAddressLimit(
  limit: { points: number; durationSeconds: number },
  onLimited?: (req: Request, res: Response, error: TooManyRequests) => void,
): RequestHandler {
  const limiter = new RateLimiterMemory({ points: limit.points, duration: limit.durationSeconds });
  return (req, res, next) => {
    limiter.consume(req.ip ?? 'unknown').then(
      () => next(),
      (rejection: unknown) => {
        if (!(rejection instanceof RateLimiterRes)) return next(rejection);
        const error = new TooManyRequests(
          Math.max(1, Math.ceil(rejection.msBeforeNext / 1000)),
          'errors.tooManyRequests',
        );
        setRetryAfter(res, error);
        if (onLimited) onLimited(req, res, error);
        else next(error);
      },
    );
  };
}

interface GuardRow {
  failures: number;
  locked_until: string | Date | null;
}

/**
 * Against guessing access codes, per case, kept in PostgreSQL (`case_lookup_guard`)
 * so every API process sees the same count. After `freeFailures` wrong codes each
 * further one locks the case's look-ups for a growing time (1, 2, 4 … minutes, at
 * most `maxLockSeconds`). While locked even the right code is refused, so guessing
 * cannot go on; once the lock has passed, the right code works and clears the count.
 * A case number that does not exist is counted the same way, so the answers tell
 * nothing about which numbers exist.
 */
export class CaseLookupGuard {
  constructor(
    private readonly em: () => EntityManager,
    private readonly limits: AbuseLimits['guard'] = defaultLimits.guard,
  ) {}

  /** Runs `verify` unless the case is locked; records a wrong code, clears the count on a right one. */
  async check(caseNumber: string, verify: () => Promise<boolean>): Promise<boolean> {
    const connection = this.em().getConnection();
    const [row] = await connection.execute<GuardRow[]>(
      `select failures, locked_until from case_lookup_guard where case_number = ?`,
      [caseNumber],
    );
    const lockedFor = row?.locked_until ? new Date(row.locked_until).getTime() - Date.now() : 0;
    if (lockedFor > 0) throw new TooManyRequests(Math.ceil(lockedFor / 1000), 'errors.lookupLocked');

    if (await verify()) {
      if (row) await connection.execute(`delete from case_lookup_guard where case_number = ?`, [caseNumber]);
      return true;
    }
    const { freeFailures, firstLockSeconds, maxLockSeconds } = this.limits;
    // One statement, so concurrent wrong codes each count.
    await connection.execute(
      `insert into case_lookup_guard as g (case_number, failures, locked_until, updated_at)
         values (?, 1, null, now())
       on conflict (case_number) do update set
         failures = g.failures + 1,
         locked_until = case when g.failures + 1 >= ?
           then now() + make_interval(secs => least(?::float8, ?::float8 * power(2, least(g.failures + 1 - ?, 40))))
           else g.locked_until end,
         updated_at = now()`,
      [caseNumber, freeFailures, maxLockSeconds, firstLockSeconds, freeFailures],
    );
    return false;
  }
}

interface LockRow {
  locked_until: string | Date | null;
}

/**
 * Against guessing staff passwords (登录防暴力破解): per account, kept on
 * `staff_member` so every API process sees it, `staffLock.failures` wrong passwords
 * within the window lock the account for `lockSeconds`; while locked even the right
 * password is refused, and the answer never says whether it was right. Per client
 * address, in memory, failed sign-ins are capped too, which also covers addresses
 * that try many accounts or unknown e-mails.
 */
export class SignInGuard {
  private readonly failuresByAddress: RateLimiterMemory;

  constructor(
    private readonly em: () => EntityManager,
    private readonly limits: Pick<AbuseLimits, 'signIn' | 'staffLock'> = defaultLimits,
  ) {
    this.failuresByAddress = new RateLimiterMemory({
      points: limits.signIn.points,
      duration: limits.signIn.durationSeconds,
    });
  }

  /** Refuses at once when this address has failed too often lately. */
  async checkAddress(address: string): Promise<void> {
    const seen = await this.failuresByAddress.get(address);
    if (seen && seen.consumedPoints >= this.limits.signIn.points) {
      throw new TooManyRequests(Math.ceil(seen.msBeforeNext / 1000), 'errors.signInLocked');
    }
  }

  /** Refuses while the account is locked. */
  async checkAccount(staffId: number): Promise<void> {
    const [row] = await this.em()
      .getConnection()
      .execute<LockRow[]>(`select locked_until from staff_member where id = ?`, [staffId]);
    const lockedFor = row?.locked_until ? new Date(row.locked_until).getTime() - Date.now() : 0;
    if (lockedFor > 0) throw new TooManyRequests(Math.ceil(lockedFor / 1000), 'errors.signInLocked');
  }

  /**
   * Counts a wrong password from `address`, and against the account when there is
   * one; throws the lock's 429 when this failure locked it.
   */
  async recordFailure(address: string, staffId: number | undefined): Promise<void> {
    await this.failuresByAddress.penalty(address, 1);
    if (staffId === undefined) return;
    const { failures, windowSeconds, lockSeconds } = this.limits.staffLock;
    // One statement, so concurrent wrong passwords each count; a lock starts a fresh count.
    const [row] = await this.em()
      .getConnection()
      .execute<LockRow[]>(
        `with counted as (
           select id, case when failed_sign_ins_since is null
                             or failed_sign_ins_since < now() - make_interval(secs => ?)
                           then 1 else failed_sign_ins + 1 end as failures,
                  coalesce(case when failed_sign_ins_since < now() - make_interval(secs => ?)
                                then null else failed_sign_ins_since end, now()) as since
             from staff_member where id = ? for update)
         update staff_member m set
           failed_sign_ins = case when c.failures >= ? then 0 else c.failures end,
           failed_sign_ins_since = case when c.failures >= ? then null else c.since end,
           locked_until = case when c.failures >= ? then now() + make_interval(secs => ?) else m.locked_until end
         from counted c where m.id = c.id
         returning case when c.failures >= ? then m.locked_until end as locked_until`,
        [windowSeconds, windowSeconds, staffId, failures, failures, failures, lockSeconds, failures],
      );
    if (row?.locked_until) throw new TooManyRequests(lockSeconds, 'errors.signInLocked');
  }

  /** A right password clears the account's count. */
  async clear(staffId: number): Promise<void> {
    await this.em()
      .getConnection()
      .execute(
        `update staff_member set failed_sign_ins = 0, failed_sign_ins_since = null, locked_until = null
          where id = ? and (failed_sign_ins <> 0 or locked_until is not null)`,
        [staffId],
      );
  }
}

/**
 * Abuse resistance on the public side, mounted before the routes: per-address limits
 * on intake and on code look-ups (a page for the HTML forms, JSON for the API), and the
 * per-case guard against guessing codes, which the look-up routes consult.
 */
export function limitAbuse(
  app: Express,
  em: () => EntityManager,
  overrides: Partial<AbuseLimits> | undefined,
): CaseLookupGuard {
  const limits = abuseLimits(overrides);
  const onPage = (req: Request, res: Response, error: ApiError) =>
    sendPage(
      res,
      TooManyRequestsPage({ ctx: pageContext(req), message: req.t(error.messageKey, error.params) }),
      429,
    );
  app.post(['/api/v1/petitions', '/api/v1/attachments'], perAddressLimit(limits.intake));
  app.post('/petition', perAddressLimit(limits.intake, onPage));
  app.use('/api/v1/cases', perAddressLimit(limits.lookup));
  app.post(['/status', '/status/*rest'], perAddressLimit(limits.lookup, onPage));
  // Only asking for a code counts here: trying one is bounded per request.
  app.post('/api/v1/lost-code/requests', perAddressLimit(limits.lostCode.perAddress));
  app.post('/status/lost-code', perAddressLimit(limits.lostCode.perAddress, onPage));
  return new CaseLookupGuard(em, limits.guard);
}
