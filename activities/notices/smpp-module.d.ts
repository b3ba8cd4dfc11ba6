/** The few parts of the `smpp` package (SMPP 3.4/5.0 client and server) Qingling uses; it ships no types. */
declare module 'smpp' {
  import type { EventEmitter } from 'node:events';
  import type { Server as NetServer, Socket } from 'node:net';

  export interface PDU {
    command: string;
    command_status: number;
    sequence_number: number;
    [field: string]: unknown;
    isResponse(): boolean;
    response(fields?: Record<string, unknown>): PDU;
  }

  export interface Session extends EventEmitter {
    socket: Socket;
    send(pdu: PDU, responseCallback?: (pdu: PDU) => void): boolean;
    bind_transceiver(fields: Record<string, unknown>, responseCallback?: (pdu: PDU) => void): boolean;
    submit_sm(fields: Record<string, unknown>, responseCallback?: (pdu: PDU) => void): boolean;
    deliver_sm(fields: Record<string, unknown>, responseCallback?: (pdu: PDU) => void): boolean;
    unbind(fields?: Record<string, unknown>, responseCallback?: (pdu: PDU) => void): boolean;
    pause(): void;
    resume(): void;
    close(callback?: () => void): void;
    destroy(callback?: () => void): void;
  }

  export interface Server extends NetServer {
    sessions: Session[];
  }

  export function connect(options: { host: string; port: number }): Session;
  export function createServer(listener: (session: Session) => void): Server;

  export const ESME_ROK: number;
  export const ESME_RBINDFAIL: number;
  export const ESME_RTHROTTLED: number;
  export const ESME_RSYSERR: number;
  export const ESME_RINVDSTADR: number;
}
