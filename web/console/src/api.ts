import i18n from './i18n';

export const knownStatuses = ['received', 'registered'] as const;
export const channels = ['web', 'visit', 'letter', 'phone', 'qr'] as const;
export const categories = ['land', 'urban', 'labour', 'rural', 'environment', 'discipline', 'other'] as const;

// Statuses grow with the case workflow, so the client accepts codes it has no label for yet.
export type CaseStatus = string;
export type Channel = (typeof channels)[number];
export type Category = (typeof categories)[number];

export interface Unit {
  code: string;
  name: string;
  level: string;
  parentCode: string | null;
}

export interface LedgerEntry {
  caseNumber: string;
  unit: Pick<Unit, 'code' | 'name'>;
  category: Category;
  channel: Channel;
  status: CaseStatus;
  anonymous: boolean;
  receivedAt: string;
  registeredAt: string | null;
}

export interface LedgerPage {
  items: LedgerEntry[];
  total: number;
  page: number;
  pageSize: number;
}

export interface LedgerFilter {
  status?: CaseStatus;
  unitCode?: string;
  category?: Category;
  channel?: Channel;
  caseNumber?: string;
}

export interface StatusCount {
  status: CaseStatus;
  count: number;
}

export class ApiError extends Error {
  constructor(
    readonly httpStatus: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

type Query = Record<string, string | number | undefined>;

function isErrorBody(body: unknown): body is { error: { code: string; message: string } } {
  if (typeof body !== 'object' || body === null || !('error' in body)) return false;
  const { error } = body;
  return (
    typeof error === 'object' &&
    error !== null &&
    'code' in error &&
    typeof error.code === 'string' &&
    'message' in error &&
    typeof error.message === 'string'
  );
}

async function getJson<T>(path: string, query: Query = {}): Promise<T> {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    if (value !== undefined && value !== '') params.set(name, String(value));
  }
  const search = params.toString();
  const url = search ? `${path}?${search}` : path;
  let response: Response;
  try {
    response = await fetch(url, {
      headers: { Accept: 'application/json', 'Accept-Language': i18n.language },
    });
  } catch {
    throw new ApiError(0, 'network', i18n.t('errors.network'));
  }
  // A proxy in front of the API may answer with HTML; treat an unreadable body as no body.
  const body: unknown = await response.json().catch(() => undefined);
  if (!response.ok) {
    if (isErrorBody(body)) throw new ApiError(response.status, body.error.code, body.error.message);
    throw new ApiError(response.status, 'http', i18n.t('errors.http', { status: response.status }));
  }
  return body as T;
}

export function fetchLedger(page: number, pageSize: number, filter: LedgerFilter): Promise<LedgerPage> {
  return getJson<LedgerPage>('/api/v1/ledger', { page, pageSize, ...filter });
}

export async function fetchStatusCounts(): Promise<StatusCount[]> {
  return (await getJson<{ byStatus: StatusCount[] }>('/api/v1/ledger/summary')).byStatus;
}

export async function fetchUnits(): Promise<Unit[]> {
  return (await getJson<{ items: Unit[] }>('/api/v1/units')).items;
}
