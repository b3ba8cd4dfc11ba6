import { z } from 'zod';
import { caseNumberSchema } from '../schemas';

/** The phone as typed: 7 to 20 digits (the last 11 are compared), spaces, dashes and a leading + allowed. */
const phoneSchema = z
  .string()
  .trim()
  .regex(/^\+?[0-9][0-9\s-]{6,19}$/, 'validation.phone');

export const lostCodeRequestSchema = z
  .object({
    caseNumber: z.preprocess(
      (value) => (typeof value === 'string' ? value.trim().toUpperCase() : value),
      caseNumberSchema,
    ),
    phone: phoneSchema.meta({
      description: 'The phone number given with the petition',
      example: '13800001234',
    }),
  })
  .meta({ id: 'LostCodeRequest' });

export const lostCodeRequestedSchema = z
  .object({
    requestId: z.uuid(),
    expiresAt: z.string().meta({ description: 'The one-time code is good until then (10 minutes)' }),
    message: z.string().meta({
      description: 'The same words whether or not the phone is the one on record: a code was sent if it is.',
    }),
  })
  .meta({ id: 'LostCodeRequested' });

export const requestIdSchema = z.uuid();

/** Six digits; spaces people type are ignored. */
export const oneTimeCodeInputSchema = z
  .object({
    code: z.preprocess(
      (value) => (typeof value === 'string' ? value.replace(/\s/g, '') : value),
      z.string().regex(/^\d{6}$/, 'validation.oneTimeCode'),
    ),
  })
  .meta({ id: 'LostCodeConfirmation' });

export const newAccessCodeSchema = z
  .object({
    caseNumber: z.string().meta({ example: 'QL2026-000001' }),
    accessCode: z.string().meta({
      description: 'The new 20-digit access code, shown only now; the old one no longer opens the case.',
      example: '0123 4567 8901 2345 6789',
    }),
    message: z.string(),
  })
  .meta({ id: 'NewAccessCode' });
