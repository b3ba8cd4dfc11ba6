import { createHmac, randomUUID } from 'node:crypto';
import type { SmsGateway, SmsSubmission } from './sms-gateway';
import { SmsRefusedError, smsTimeouts } from './sms-gateway';

/**
 * Alibaba Cloud SMS (dysmsapi `SendSms`, API version 2017-05-25), signed as the
 * provider's RPC signature (version 1.0) says: the parameters sorted by name, each
 * name and value percent-encoded (RFC 3986: space as %20, `*` as %2A, `~` kept),
 * joined with `&`; the string to sign is `GET&%2F&` and that query, encoded once
 * more; the signature is Base64(HMAC-SHA1(AccessKeySecret + "&", string to sign)).
 */
export const percentEncode = (value: string): string =>
  encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

export function signRpcRequest(
  method: 'GET' | 'POST',
  params: Record<string, string>,
  secret: string,
): string {
  const canonical = Object.keys(params)
    .sort()
    .map((k) => `${percentEncode(k)}=${percentEncode(params[k]!)}`)
    .join('&');
  const stringToSign = `${method}&${percentEncode('/')}&${percentEncode(canonical)}`;
  return createHmac('sha1', `${secret}&`).update(stringToSign, 'utf8').digest('base64');
}

/** Alibaba Cloud's time-stamp form: ISO 8601 in UTC, to the second. */
const timestamp = () => new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');

export function createAliyunSmsGateway(url: URL): SmsGateway {
  const accessKeyId = decodeURIComponent(url.username);
  const secret = decodeURIComponent(url.password);
  const endpoint = `${url.protocol === 'aliyun+http:' ? 'http' : 'https'}://${url.host}/`;
  const regionId = url.searchParams.get('region') ?? 'cn-hangzhou';
  return {
    async submit(message: SmsSubmission) {
      const params: Record<string, string> = {
        AccessKeyId: accessKeyId,
        Action: 'SendSms',
        Format: 'JSON',
        RegionId: regionId,
        SignatureMethod: 'HMAC-SHA1',
        SignatureNonce: randomUUID(),
        SignatureVersion: '1.0',
        Timestamp: timestamp(),
        Version: '2017-05-25',
        PhoneNumbers: message.to,
        SignName: message.signName,
        TemplateCode: message.templateCode,
        TemplateParam: JSON.stringify(message.params),
      };
      const signature = signRpcRequest('GET', params, secret);
      const query = [
        `Signature=${percentEncode(signature)}`,
        ...Object.entries(params).map(([k, v]) => `${percentEncode(k)}=${percentEncode(v)}`),
      ].join('&');
      const response = await fetch(`${endpoint}?${query}`, {
        signal: AbortSignal.timeout(smsTimeouts.connectMs + smsTimeouts.socketMs),
      });
      const answer = (await response.json().catch(() => ({}))) as {
        Code?: string;
        Message?: string;
        BizId?: string;
      };
      if (answer.Code !== 'OK' || !answer.BizId) {
        throw new SmsRefusedError(
          `Alibaba Cloud SMS refused: ${answer.Code ?? response.status} ${answer.Message ?? ''}`.trim(),
          answer.Code ?? response.status,
        );
      }
      return { messageId: answer.BizId };
    },
    async close() {},
  };
}
