import { z } from 'zod';
import { emptyWeekFigures, type WeekFigures } from '../domain/close-out';

/** What the weekly close-out (一周一销号) answers the office head, as the console types it. */

/** Every count of a week is a number; the keys are the domain's, so a new count shows up here by itself. */
const weekFiguresSchema = z
  .object(
    Object.fromEntries(Object.keys(emptyWeekFigures()).map((key) => [key, z.number().int()])) as {
      [K in keyof WeekFigures]: z.ZodNumber;
    },
  )
  .meta({ id: 'WeekFigures' });

const reportUnitSchema = z
  .object({
    id: z.number().int(),
    code: z.string(),
    name: z.string(),
    level: z.string(),
    path: z.string(),
    parentId: z.number().int().nullable(),
  })
  .meta({ id: 'ReportUnit' });

export const closeOutSnapshotSchema = z
  .object({
    unit: reportUnitSchema,
    week: z.string(),
    periodFrom: z.string(),
    periodTo: z.string(),
    runBy: z.string().meta({ description: 'schedule, or staff:<id> for an office that closed early' }),
    closedAt: z.string(),
    figures: weekFiguresSchema,
    struckOff: z.array(z.string()),
  })
  .meta({ id: 'CloseOutWeekSnapshot' });

export const closeOutPreviewSchema = z
  .object({
    unit: reportUnitSchema.nullable(),
    week: z.string(),
    periodFrom: z.string(),
    periodTo: z.string(),
    alreadyClosed: z.boolean(),
    candidates: z.array(
      z.object({ caseNumber: z.string(), summary: z.string(), readyAt: z.string(), backlog: z.boolean() }),
    ),
    waiting: z.array(z.object({ caseNumber: z.string(), summary: z.string(), status: z.string() })),
    figures: weekFiguresSchema,
  })
  .meta({ id: 'CloseOutPreview' });

export const closeOutRunSchema = z.object({
  snapshot: closeOutSnapshotSchema,
  struckOff: z.array(z.string()),
});
