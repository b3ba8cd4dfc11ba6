import type { EntityManager } from '@mikro-orm/postgresql';
import {
  currentPolicyVersion,
  policyFor,
  policyVersions,
  type ClockName,
  type ClockRule,
  type DayCount,
  type DeadlinePolicy,
} from '../../domain/policy';
import type { Category } from '../../domain/petition';
import { officeDateOf } from '../../domain/time';

/**
 * Deadline policy versions an administrator drafts and publishes (时限政策版本). A
 * published version is immutable (a trigger refuses any change), so the deadline
 * activity may keep what it read; `domain/policy.ts` stays the default of a new install.
 */

/** A category of petition as a version names it (类别), in both languages. */
export interface PolicyCategory {
  code: Category;
  zh: string;
  en: string;
}

/** What an administrator sets of a clock; the rest (breach kind, grace, source) is the base rule's. */
export type ClockSetting = Pick<ClockRule, 'length' | 'warnBeforeDays' | 'escalateTo'> & {
  counting: OfficeDayCount;
};
/** Minutes are for drill policies, which are built in and never drafted or published. */
type OfficeDayCount = Exclude<DayCount, 'minutes'>;

/** The editable part of a version, as stored. */
export interface PolicyBody {
  clocks: Record<ClockName, ClockSetting>;
  disciplineRealNameNotice: { length: number; counting: OfficeDayCount };
  extension: { maxDays: number; maxCount: number };
  categories: PolicyCategory[];
}

export interface PolicyDraftRow {
  id: number;
  version: string;
  basedOn: string;
  body: PolicyBody;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
}

export interface PublishedVersionRow extends PolicyDraftRow {
  effectiveFrom: string;
  publishedAt: string;
  publishedBy: string;
}

interface Row {
  id: number;
  version: string;
  based_on: string;
  body: PolicyBody;
  effective_from: string | null;
  created_by: string;
  created_at: Date | string;
  updated_at: Date | string;
  published_at: Date | string | null;
  published_by: string | null;
}

const columns = `id, version, based_on, body, to_char(effective_from, 'YYYY-MM-DD') as effective_from,
  created_by, created_at, updated_at, published_at, published_by`;

/** Raw queries answer timestamps as text or as dates, depending on the driver's parsing. */
const iso = (value: Date | string) => new Date(value).toISOString();

const draftOf = (row: Row): PolicyDraftRow => ({
  id: row.id,
  version: row.version,
  basedOn: row.based_on,
  body: row.body,
  createdBy: row.created_by,
  createdAt: iso(row.created_at),
  updatedAt: iso(row.updated_at),
});

const publishedOf = (row: Row): PublishedVersionRow => ({
  ...draftOf(row),
  effectiveFrom: row.effective_from!,
  publishedAt: iso(row.published_at!),
  publishedBy: row.published_by!,
});

/** The editable part of a full policy: what a new draft starts from. */
export function bodyOf(policy: DeadlinePolicy, categories: PolicyCategory[]): PolicyBody {
  const clocks = Object.fromEntries(
    Object.entries(policy.clocks).map(([name, rule]) => [
      name,
      {
        length: rule.length,
        counting: rule.counting,
        warnBeforeDays: [...rule.warnBeforeDays],
        ...(rule.escalateTo ? { escalateTo: rule.escalateTo } : {}),
      },
    ]),
  ) as Record<ClockName, ClockSetting>;
  return {
    clocks,
    disciplineRealNameNotice: {
      ...policy.disciplineRealNameNotice,
    } as PolicyBody['disciplineRealNameNotice'],
    extension: { ...policy.extension },
    categories: categories.map((c) => ({ ...c })),
  };
}

/** A published version as the deadline activity counts with it: the base policy with its settings. */
export function policyOfVersion(row: PublishedVersionRow): DeadlinePolicy & { categories: PolicyCategory[] } {
  const base = policyFor(row.basedOn);
  const clocks = Object.fromEntries(
    Object.entries(base.clocks).map(([name, rule]) => {
      const setting = row.body.clocks[name as ClockName];
      const escalateTo = rule.onBreach === 'escalate' ? (setting.escalateTo ?? rule.escalateTo) : undefined;
      return [
        name,
        {
          ...rule,
          length: setting.length,
          counting: setting.counting,
          warnBeforeDays: [...setting.warnBeforeDays],
          ...(escalateTo ? { escalateTo } : {}),
        },
      ];
    }),
  ) as Record<ClockName, ClockRule>;
  return {
    ...base,
    version: row.version,
    effectiveFrom: row.effectiveFrom,
    clocks,
    disciplineRealNameNotice: row.body.disciplineRealNameNotice,
    extension: row.body.extension,
    categories: row.body.categories,
  };
}

/** Published versions never change: read once per process. */
const publishedCache = new Map<string, DeadlinePolicy>();

/** The advisory lock that lets one publication through at a time. */
const publishLock = 0x51_6c_50_76; // "QlPv"

export class PolicyVersionRepository {
  constructor(private readonly em: EntityManager) {}

  /** In the caller's transaction when there is one (a change and its administration log line land together). */
  private run<T>(sql: string, params: unknown[] = []): Promise<T[]> {
    return this.em.getConnection().execute<T[]>(sql, params, 'all', this.em.getTransactionContext());
  }

  async published(): Promise<PublishedVersionRow[]> {
    const rows = await this.run<Row>(
      `select ${columns} from policy_version where published_at is not null order by effective_from, published_at`,
    );
    return rows.map(publishedOf);
  }

  async drafts(): Promise<PolicyDraftRow[]> {
    const rows = await this.run<Row>(
      `select ${columns} from policy_version where published_at is null order by created_at`,
    );
    return rows.map(draftOf);
  }

  async draft(id: number): Promise<PolicyDraftRow | null> {
    const [row] = await this.run<Row>(
      `select ${columns} from policy_version where id = ? and published_at is null`,
      [id],
    );
    return row ? draftOf(row) : null;
  }

  /** Whether a version name is taken, by this file's versions or by the database's (drafts too). */
  async versionTaken(version: string): Promise<boolean> {
    if (policyVersions().includes(version)) return true;
    const [row] = await this.run<{ n: number }>(
      'select count(*)::int as n from policy_version where version = ?',
      [version],
    );
    return (row?.n ?? 0) > 0;
  }

  async createDraft(version: string, body: PolicyBody, by: string): Promise<PolicyDraftRow> {
    const [row] = await this.run<Row>(
      `insert into policy_version (version, based_on, body, created_by) values (?, ?, ?, ?) returning ${columns}`,
      [version, currentPolicyVersion, JSON.stringify(body), by],
    );
    return draftOf(row!);
  }

  async updateDraft(id: number, body: PolicyBody): Promise<PolicyDraftRow | null> {
    const [row] = await this.run<Row>(
      `update policy_version set body = ?, updated_at = now() where id = ? and published_at is null returning ${columns}`,
      [JSON.stringify(body), id],
    );
    return row ? draftOf(row) : null;
  }

  async deleteDraft(id: number): Promise<boolean> {
    const rows = await this.run<{ id: number }>(
      'delete from policy_version where id = ? and published_at is null returning id',
      [id],
    );
    return rows.length > 0;
  }

  /** Publishes a draft; null when it is no draft (any more). */
  /** Waits for any other publication to commit; held until this transaction ends. */
  async holdPublishing(): Promise<void> {
    await this.run('select pg_advisory_xact_lock(?)', [publishLock]);
  }

  async publish(id: number, effectiveFrom: string, by: string): Promise<PublishedVersionRow | null> {
    const [row] = await this.run<Row>(
      `update policy_version set effective_from = ?, published_at = now(), published_by = ?
         where id = ? and published_at is null returning ${columns}`,
      [effectiveFrom, by, id],
    );
    return row ? publishedOf(row) : null;
  }

  /**
   * The version new cases received at `at` start under: of this file's versions and the
   * published ones, the one most recently in force by the office date (a published one
   * before this file's on the same day; the later published of two on the same day).
   */
  async versionInForce(at: Date): Promise<string> {
    const today = officeDateOf(at);
    const candidates: { version: string; from: string; rank: number }[] = policyVersions()
      .map((v) => policyFor(v))
      .filter((p) => p.effectiveFrom <= today)
      .map((p) => ({ version: p.version, from: p.effectiveFrom, rank: 0 }));
    const published = await this.run<{ version: string; effective_from: string }>(
      `select version, to_char(effective_from, 'YYYY-MM-DD') as effective_from from policy_version
         where published_at is not null and effective_from <= ? order by effective_from desc, published_at desc limit 1`,
      [today],
    );
    for (const p of published) candidates.push({ version: p.version, from: p.effective_from, rank: 1 });
    candidates.sort((a, b) => b.from.localeCompare(a.from) || b.rank - a.rank);
    return candidates[0]?.version ?? currentPolicyVersion;
  }

  /** The policy of a version: this file's, a drill's, or a published one; null when there is none. */
  async policy(version: string): Promise<DeadlinePolicy | null> {
    try {
      return policyFor(version);
    } catch {
      // Not one of this file's: a published version, perhaps.
    }
    const cached = publishedCache.get(version);
    if (cached) return cached;
    const [row] = await this.run<Row>(
      `select ${columns} from policy_version where version = ? and published_at is not null`,
      [version],
    );
    if (!row) return null;
    const policy = policyOfVersion(publishedOf(row));
    publishedCache.set(version, policy);
    return policy;
  }
}
