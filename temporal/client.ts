import { Client, Connection } from '@temporalio/client';
import type { Keyring } from '../config/encryption-keys';
import type { TemporalConnectionOptions } from '../config/temporal-connection';
import { encryptedDataConverter } from './payload-codec';

/**
 * Every Temporal client Qingling makes comes from here, so none can forget the payload
 * encryption (temporal/payload-codec.ts) and write petition text to Temporal in the clear.
 */
export function createTemporalClient(options: {
  connection: Connection;
  namespace: string;
  keyring: Keyring;
}): Client {
  return new Client({
    connection: options.connection,
    namespace: options.namespace,
    dataConverter: encryptedDataConverter(options.keyring),
  });
}

/** A Temporal client for the API and the worker's activities: starts case workflows, sends Updates, runs queries. */
export async function connectTemporalClient(
  connectionOptions: TemporalConnectionOptions,
  namespace: string,
  keyring: Keyring,
): Promise<Client> {
  const connection = await Connection.connect(connectionOptions);
  return createTemporalClient({ connection, namespace, keyring });
}
