import { demoPassword } from '../../db/seed/demo-data';
import { postJson } from './petitions';

/** Demo accounts by role and unit code, as the demo data names them. */
export const demoAccount = {
  clerk: (unitCode: string) => `clerk.${unitCode}@demo.qingling.local`,
  officeHead: (unitCode: string) => `head.${unitCode}@demo.qingling.local`,
  handler: (departmentCode: string) => `handler.${departmentCode}@demo.qingling.local`,
  leader: (unitCode: string) => `leader.${unitCode}@demo.qingling.local`,
  supervisor: (unitCode: string) => `supervisor.${unitCode}@demo.qingling.local`,
  admin: (unitCode: string) => `admin.${unitCode}@demo.qingling.local`,
  auditor: (unitCode: string) => `auditor.${unitCode}@demo.qingling.local`,
};

/** A JSON answer as tests read it: shapes vary by endpoint and the assertions check them. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type JsonAnswer = any;

export interface StaffSession {
  email: string;
  /** The session cookie and CSRF token, for tests that build requests themselves. */
  cookie: string;
  csrfToken: string;
  get(path: string): Promise<{ status: number; json: JsonAnswer }>;
  post(path: string, body: unknown): Promise<Awaited<ReturnType<typeof postJson>>>;
  put(path: string, body: unknown): Promise<{ status: number; json: JsonAnswer }>;
  act(caseNumber: string, action: string, body?: unknown): Promise<Awaited<ReturnType<typeof postJson>>>;
  /** A multipart upload of one file in `field`, as a browser's form sends it. */
  upload(
    path: string,
    field: string,
    file: { name: string; content: Uint8Array; type?: string },
  ): Promise<{ status: number; json: JsonAnswer }>;
  /** The raw answer of a GET, for downloads. */
  fetch(path: string): Promise<Response>;
  delete(path: string): Promise<{ status: number; json: JsonAnswer }>;
}

/** Signs a demo person in and returns calls that carry their session cookie (and, when they change something, the CSRF token). */
export async function signIn(baseUrl: string, email: string, password = demoPassword): Promise<StaffSession> {
  const response = await fetch(`${baseUrl}/api/v1/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'accept-language': 'zh-CN' },
    body: JSON.stringify({ email, password }),
  });
  if (response.status !== 200)
    throw new Error(`sign-in of ${email} failed: ${response.status} ${await response.text()}`);
  const cookie = response.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  const { csrfToken } = (await response.json()) as { csrfToken: string };
  const headers = { cookie, 'accept-language': 'zh-CN' };
  const changing = { ...headers, 'x-csrf-token': csrfToken };
  const session: StaffSession = {
    email,
    cookie,
    csrfToken,
    async get(path) {
      const r = await fetch(`${baseUrl}${path}`, { headers });
      return { status: r.status, json: await r.json().catch(() => undefined) };
    },
    post: (path, body) => postJson(`${baseUrl}${path}`, body, changing),
    async put(path, body) {
      const r = await fetch(`${baseUrl}${path}`, {
        method: 'PUT',
        headers: { ...changing, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      return { status: r.status, json: await r.json().catch(() => undefined) };
    },
    act: (caseNumber, action, body = {}) =>
      postJson(`${baseUrl}/api/v1/staff/cases/${caseNumber}/actions/${action}`, body, changing),
    async upload(path, field, file) {
      const form = new FormData();
      form.append(
        field,
        new Blob([file.content], { type: file.type ?? 'application/octet-stream' }),
        file.name,
      );
      const r = await fetch(`${baseUrl}${path}`, { method: 'POST', headers: changing, body: form });
      return { status: r.status, json: await r.json().catch(() => undefined) };
    },
    fetch: (path) => fetch(`${baseUrl}${path}`, { headers }),
    async delete(path) {
      const r = await fetch(`${baseUrl}${path}`, { method: 'DELETE', headers: changing });
      return { status: r.status, json: await r.json().catch(() => undefined) };
    },
  };
  return session;
}
