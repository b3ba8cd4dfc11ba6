import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import type { TestApp } from './app';
import { testEncryptionKeys } from './app';
import { postJson } from './petitions';
import { signIn, type StaffSession } from './staff';
import type { TestServices } from './services';

const run = promisify(execFile);
const root = path.resolve(__dirname, '../..');

/** `npm run create-admin -- …` against the test database: its exit code and what it printed. */
export async function createAdmin(
  services: TestServices,
  args: string[],
): Promise<{ code: number; output: string }> {
  try {
    const { stdout, stderr } = await run(
      process.execPath,
      ['--import', 'tsx', path.join(root, 'scripts/create-admin.ts'), ...args],
      {
        cwd: root,
        env: {
          ...process.env,
          DATABASE_URL: services.databaseUrl,
          ENCRYPTION_KEYS: testEncryptionKeys,
          PUBLIC_URL: 'http://localhost',
        },
      },
    );
    return { code: 0, output: stdout + stderr };
  } catch (error) {
    const failed = error as Error & { code?: number; stdout?: string; stderr?: string };
    if (typeof failed.code !== 'number') throw error;
    return { code: failed.code, output: `${failed.stdout ?? ''}${failed.stderr ?? ''}` };
  }
}

/** The token of a set-password link, from the text holding it (a mail, the command's output). */
export const linkToken = (text: string): string => {
  const match = /set-password#token=([A-Za-z0-9_-]+)/.exec(text);
  if (!match) throw new Error(`no set-password link in: ${text}`);
  return match[1]!;
};

/** Sets a password through a link and signs in with it, as the person would. */
export async function acceptLink(
  app: TestApp,
  token: string,
  email: string,
  password: string,
): Promise<StaffSession> {
  const answer = await postJson(
    `${app.baseUrl}/api/v1/session/link/password`,
    { token, password },
    { 'accept-language': 'zh-CN' },
  );
  if (answer.status !== 200) throw new Error(`link refused: ${answer.status} ${answer.text}`);
  return signIn(app.baseUrl, email, password);
}
