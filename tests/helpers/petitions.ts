import { randomUUID } from 'node:crypto';

/** A valid named petition to the demo village 新桥村, with a fresh submission key. */
export function aPetition(overrides: Record<string, unknown> = {}) {
  return {
    unitCode: '990101001002',
    category: 'land',
    place: '东湖县城关镇新桥村',
    summary: '村里修路占用了我家承包地，补偿款至今没有发放。',
    request: '按标准发放征地补偿款',
    anonymous: false,
    complainant: { name: '王明', phone: '13800000000', email: 'wangming@example.cn' },
    submissionKey: randomUUID(),
    ...overrides,
  };
}

export async function postJson(url: string, body: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return {
    status: response.status,
    json: json as Record<string, unknown> & {
      error?: { code: string; message: string; details?: { field: string; message: string }[] };
    },
    text,
  };
}
