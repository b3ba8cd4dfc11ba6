import { randomUUID } from 'node:crypto';
import { drillPolicyVersion } from '../domain/policy';
import { drillPolicyHeader } from '../api/intake';

/** One petition as a browser brings it: the same submission key on every try. */
export interface Submission {
  index: number;
  submissionKey: string;
  email: string;
  /** Brought under the drill policy: its dispatch deadline falls due during the drill. */
  drill: boolean;
  /** Every case number the API answered with for this key (more than one is a duplicate). */
  caseNumbers: Set<string>;
  attempts: number;
  /** Tries that failed (no answer, 5xx, 408, 429) and were made again. */
  retries: number;
  /** A 4xx other than 408/429: the petition was refused, not lost. */
  refused?: string;
}

export interface LoadOptions {
  apiUrl: string;
  petitions: number;
  /** How many of them run on the drill policy (spread evenly through the intake). */
  drillCases: number;
  drillMinutes: number;
  concurrency: number;
  /** Petitions arrive evenly over this long, so the faults strike while they come in. */
  spreadMs: number;
  /** Clients stop retrying at this instant (ms since the epoch). */
  giveUpAt: number;
  signal?: AbortSignal | undefined;
  onAnswer?: (acknowledged: number) => void;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The demo township's village (新桥村): its township office answers for it. */
const unitCode = '990101001002';

export function makeSubmissions(petitions: number, drillCases: number): Submission[] {
  const every = drillCases > 0 ? petitions / drillCases : Infinity;
  let drillsMade = 0;
  return Array.from({ length: petitions }, (_, index) => {
    const drill = drillsMade < drillCases && index >= drillsMade * every;
    if (drill) drillsMade += 1;
    return {
      index,
      submissionKey: randomUUID(),
      email: `complainant-${String(index).padStart(5, '0')}@chaos.example`,
      drill,
      caseNumbers: new Set<string>(),
      attempts: 0,
      retries: 0,
    };
  });
}

const bodyOf = (s: Submission) =>
  JSON.stringify({
    unitCode,
    category: 'land',
    place: '东湖县城关镇新桥村',
    summary: `演练信访件 ${s.index}：村里修路占用了承包地，补偿款至今没有发放。`,
    request: '按标准发放征地补偿款',
    anonymous: false,
    language: 'zh-CN',
    // A phone of one's own, as real complainants have: one shared number would meet the per-number SMS limit.
    complainant: { name: '演练群众', phone: `139${String(s.index).padStart(8, '0')}`, email: s.email },
    submissionKey: s.submissionKey,
  });

const retryable = (status: number) => status >= 500 || status === 408 || status === 429;

/**
 * Brings one petition in, retrying on network errors, 5xx, 408 and 429 with the same
 * key, as a browser sending the form again would, until an answer with a case number
 * or `giveUpAt`. Each try says it comes from its own address (X-Forwarded-For; the API
 * believes loopback proxies): a thousand complainants are a thousand addresses, and
 * the per-address intake limit is not what this drill is about.
 */
async function submit(options: LoadOptions, s: Submission): Promise<void> {
  for (
    let backoff = 250;
    Date.now() < options.giveUpAt && !options.signal?.aborted;
    backoff = Math.min(backoff * 2, 3000)
  ) {
    s.attempts += 1;
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      'x-forwarded-for': `10.${(s.index >> 8) & 255}.${s.index & 255}.${(s.attempts % 250) + 1}`,
      ...(s.drill ? { [drillPolicyHeader]: drillPolicyVersion(options.drillMinutes) } : {}),
    };
    try {
      const response = await fetch(`${options.apiUrl}/api/v1/petitions`, {
        method: 'POST',
        headers,
        body: bodyOf(s),
        signal: AbortSignal.timeout(30_000),
      });
      const json = (await response.json().catch(() => ({}))) as {
        caseNumber?: string;
        error?: { code?: string };
      };
      if (response.ok && json.caseNumber) {
        s.caseNumbers.add(json.caseNumber);
        return;
      }
      if (!retryable(response.status)) {
        s.refused = `${response.status} ${json.error?.code ?? ''}`.trim();
        return;
      }
    } catch {
      // Connection refused or reset, or no answer in time: the API is down or restarting.
    }
    s.retries += 1;
    await sleep(backoff);
  }
}

/** Some complainants press send again after the answer came (a double click, a reload): the same case must come back. */
const sendsTwice = (s: Submission) => s.index % 10 === 5;

/** The intake: petitions arriving evenly over `spreadMs`, at most `concurrency` in flight. */
export async function runIntake(options: LoadOptions, submissions: Submission[]): Promise<void> {
  const started = Date.now();
  const interval = options.spreadMs / Math.max(1, submissions.length);
  let next = 0;
  let acknowledged = 0;
  const client = async () => {
    while (next < submissions.length) {
      const s = submissions[next++]!;
      const arrival = started + s.index * interval;
      if (arrival > Date.now()) await sleep(arrival - Date.now());
      await submit(options, s);
      if (s.caseNumbers.size > 0 && sendsTwice(s)) await submit(options, s);
      if (s.caseNumbers.size > 0) options.onAnswer?.(++acknowledged);
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, client));
}
