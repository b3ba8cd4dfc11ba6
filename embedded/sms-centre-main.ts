import { startSmsCentre } from './sms-centre';

/**
 * The SMS catcher as a service of its own (compose's `sms-centre`, as Mailpit is for mail):
 * an SMPP server that takes every SMS and shows it on a web page. It delivers nothing to
 * any phone: a deployment that sends real SMS sets SMS_URL to its carrier or to Aliyun.
 */
async function main(): Promise<void> {
  const env = process.env;
  const centre = await startSmsCentre({
    // Inside a container the other services reach it over the compose network.
    host: env.SMS_CENTRE_HOST ?? '0.0.0.0',
    port: Number(env.SMS_CENTRE_PORT ?? 2775),
    webPort: Number(env.SMS_CENTRE_WEB_PORT ?? 1081),
    systemId: env.SMS_CENTRE_SYSTEM_ID ?? 'qingling',
    password: env.SMS_CENTRE_PASSWORD ?? 'qingling',
  });
  console.log(`SMS catcher: SMPP on port ${env.SMS_CENTRE_PORT ?? 2775}, messages on ${centre.webUrl}`);
  const stop = () => void centre.stop().then(() => process.exit(0));
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
