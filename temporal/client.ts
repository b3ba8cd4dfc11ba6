import { Client, Connection } from '@temporalio/client';

/** A Temporal client for the API: starts case workflows, sends Updates, runs queries. */
export async function connectTemporalClient(address: string, namespace: string): Promise<Client> {
  const connection = await Connection.connect({ address });
  return new Client({ connection, namespace });
}
