import { DefaultLogger, Runtime } from '@temporalio/worker';

/** Tests print only what went wrong: the Temporal runtime logs warnings and errors, not every state change. */
Runtime.install({ logger: new DefaultLogger('WARN') });
