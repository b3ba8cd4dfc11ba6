import { decryptIdentity, identityKeyring } from '../../db/identity-encryption';
import { oneTimeCode } from '../../db/lost-code/one-time-code';
import { dialable } from '../../domain/phone';
import type { MailDeps } from '../mail';
import { sendSmsOnce } from './sms';

export type VerificationCodeOutcome = 'sent' | 'already_sent' | 'not_sent';

/**
 * 找回查询码: the one-time code goes by SMS to the phone on record, and by nothing else:
 * it is the one SMS that carries a code (to prove the phone, never the access code). A
 * request whose phone is not the one on record, or that has expired or been used, sends
 * nothing; the person was told the same either way.
 */
export function createVerificationCodeActivities(deps: MailDeps) {
  return {
    async sendVerificationCode(input: { requestId: string }): Promise<VerificationCodeOutcome> {
      const [row] = await deps.orm.em
        .fork()
        .getConnection()
        .execute<{ case_number: string; key_id: string; phone: string | null; anonymous: boolean | null }[]>(
          `select r.case_number, r.key_id, c.complainant_phone as phone, c.anonymous
             from lost_code_request r join petition_case c on c.case_number = r.case_number
            where r.id = ? and r.phone_on_record and r.reissued_at is null and r.expires_at > now()`,
          [input.requestId],
        );
      if (!row?.phone || row.anonymous) return 'not_sent';
      if (!deps.sms) throw new Error('No SMS gateway (SMS_URL): the one-time code cannot be sent');
      const keyring = identityKeyring(deps.orm.em);
      return sendSmsOnce(
        { orm: deps.orm, sms: deps.sms },
        {
          key: `lost-code/${input.requestId}/sms`,
          to: dialable(decryptIdentity(keyring, 'complainant_phone', row.phone)),
          template: 'verification_code',
          params: { code: oneTimeCode(keyring, row.key_id, input.requestId) },
          caseNumber: row.case_number,
        },
      );
    },
  };
}

export type VerificationCodeActivities = ReturnType<typeof createVerificationCodeActivities>;
