import { z } from 'zod';
import { emptyWeekFigures, type WeekFigures } from '../domain/close-out';
import { campaignCountdownSchema } from './work-queue-schemas';

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
    // Not `.nullable()`: the wrapper would carry the id, and every ReportUnit would read as nullable.
    unit: z.union([reportUnitSchema, z.null()]),
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

/** 每周一报: a unit's week with its subtree rolled up, each child's sum, and who has not closed yet. */
export const weeklyReportSchema = z
  .object({
    unit: reportUnitSchema,
    week: z.string(),
    own: closeOutSnapshotSchema
      .nullable()
      .meta({ description: 'Null while the unit has not closed the week' }),
    subtree: weekFiguresSchema,
    children: z.array(
      z.object({
        unit: reportUnitSchema,
        figures: weekFiguresSchema,
        notClosed: z
          .number()
          .int()
          .meta({ description: 'Units of that child’s subtree (itself included) that have not closed' }),
      }),
    ),
    notClosed: z.array(reportUnitSchema),
  })
  .meta({ id: 'WeeklyReport' });

const weekTrendPointSchema = z
  .object({ week: z.string(), figures: weekFiguresSchema })
  .meta({ id: 'WeekTrendPoint' });

/** 销号看板: the weekly report, the trend toward zero (oldest first), the children's overdue heat, the campaign. */
export const closeOutBoardSchema = z
  .object({
    report: weeklyReportSchema,
    trend: z.array(weekTrendPointSchema),
    heat: z.array(
      z
        .object({
          unit: reportUnitSchema,
          weeks: z.array(z.object({ week: z.string(), overdue: z.number().int() })),
        })
        .meta({ id: 'OverdueHeatRow' }),
    ),
    campaign: campaignCountdownSchema,
  })
  .meta({ id: 'CloseOutBoard' });

const bulletinFiguresSchema = z.object({
  overdue: z.number().int(),
  openAtStart: z.number().int(),
  newCases: z.number().int(),
  closedOut: z.number().int(),
  evaluations: z.number().int(),
  satisfied: z.number().int(),
  backlogStock: z.number().int(),
});

const bulletinRankSchema = z.object({
  figures: bulletinFiguresSchema,
  clearanceRate: z.number().nullable(),
  satisfactionRate: z.number().nullable(),
  rankOverdue: z.number().int().meta({ description: '1 is best: fewest overdue' }),
  rankClearance: z.number().int(),
  rankSatisfaction: z.number().int(),
});

/** 一月一通报: the child units ranked beside last month, and the overdue cases named. */
export const monthlyBulletinSchema = z
  .object({
    unit: reportUnitSchema,
    month: z.string(),
    periodFrom: z.string(),
    periodTo: z.string(),
    publishedAt: z.string(),
    rows: z.array(
      bulletinRankSchema
        .extend({
          unit: reportUnitSchema,
          lastMonth: bulletinRankSchema
            .nullable()
            .meta({ description: 'The same unit’s row in last month’s bulletin, if there was one' }),
        })
        .meta({ id: 'BulletinRow' }),
    ),
    overdueCases: z.array(
      z
        .object({
          caseNumber: z.string(),
          unitName: z.string(),
          summary: z.string(),
          clock: z.string().nullable(),
          dueDate: z.string().nullable(),
          ownerLeader: z.string().nullable(),
          handlingDepartment: z.string().nullable(),
          backlog: z.boolean(),
        })
        .meta({ id: 'OverdueCase' }),
    ),
  })
  .meta({ id: 'MonthlyBulletin' });
