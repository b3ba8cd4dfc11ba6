import fs from 'node:fs';

/**
 * How the API and workers reach Temporal beyond its address: TLS (mutual TLS with a client
 * certificate, as a self-hosted cluster or Temporal Cloud asks) and Temporal Cloud's API key.
 * Each certificate setting is PEM text or the path of a PEM file.
 */
export interface TemporalTlsSettings {
  TEMPORAL_TLS_CERT?: string | undefined;
  TEMPORAL_TLS_KEY?: string | undefined;
  TEMPORAL_TLS_CA?: string | undefined;
  TEMPORAL_TLS_SERVER_NAME?: string | undefined;
  TEMPORAL_API_KEY?: string | undefined;
}

export interface TemporalConnectionOptions {
  address: string;
  /** `true`: TLS trusting the system's certificate authorities, no client certificate. */
  tls?:
    | true
    | {
        serverNameOverride?: string;
        serverRootCACertificate?: Buffer;
        clientCertPair?: { crt: Buffer; key: Buffer };
      };
  apiKey?: string;
}

const isPem = (text: string) => /-----BEGIN [A-Z0-9 ]+-----/.test(text);

/** The PEM text of a setting that holds PEM or names a file with it; `undefined` with a reason when it is neither. */
export function readPem(value: string): { pem: Buffer } | { problem: string } {
  if (isPem(value)) return { pem: Buffer.from(value.replace(/\\n/g, '\n')) };
  let text: string;
  try {
    text = fs.readFileSync(value, 'utf8');
  } catch {
    return { problem: `is neither PEM text nor a readable file (${value})` };
  }
  return isPem(text) ? { pem: Buffer.from(text) } : { problem: `names ${value}, which holds no PEM block` };
}

/** What is wrong with the TLS settings, each as a sentence saying what to do; empty when they are usable. */
export function temporalTlsProblems(settings: TemporalTlsSettings): string[] {
  const problems: string[] = [];
  for (const name of ['TEMPORAL_TLS_CERT', 'TEMPORAL_TLS_KEY', 'TEMPORAL_TLS_CA'] as const) {
    const value = settings[name];
    if (value === undefined) continue;
    const read = readPem(value);
    if ('problem' in read)
      problems.push(`${name} ${read.problem}: give the PEM text or the path of a PEM file`);
  }
  if (Boolean(settings.TEMPORAL_TLS_CERT) !== Boolean(settings.TEMPORAL_TLS_KEY)) {
    problems.push(
      'TEMPORAL_TLS_CERT and TEMPORAL_TLS_KEY go together: set both (the client certificate and its private key) or neither',
    );
  }
  return problems;
}

const pem = (value: string): Buffer => {
  const read = readPem(value);
  if ('problem' in read) throw new Error(read.problem);
  return read.pem;
};

/** The connection options for the Temporal client and the worker's native connection. */
export function temporalConnectionOptions(
  address: string,
  settings: TemporalTlsSettings,
): TemporalConnectionOptions {
  const { TEMPORAL_TLS_CERT: cert, TEMPORAL_TLS_KEY: key, TEMPORAL_TLS_CA: ca } = settings;
  const serverName = settings.TEMPORAL_TLS_SERVER_NAME;
  const wantsTls = Boolean(cert || ca || serverName);
  const tls = wantsTls
    ? {
        ...(serverName ? { serverNameOverride: serverName } : {}),
        ...(ca ? { serverRootCACertificate: pem(ca) } : {}),
        ...(cert && key ? { clientCertPair: { crt: pem(cert), key: pem(key) } } : {}),
      }
    : // Temporal Cloud's API keys travel over TLS only.
      settings.TEMPORAL_API_KEY
      ? (true as const)
      : undefined;
  return {
    address,
    ...(tls ? { tls } : {}),
    ...(settings.TEMPORAL_API_KEY ? { apiKey: settings.TEMPORAL_API_KEY } : {}),
  };
}
