import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Router } from 'express';
import {
  statisticsFileName,
  statisticsPdf,
  statisticsXlsx,
  type StatisticsReport,
} from '../../reports/statistics-export';
import { download, mediaTypes, problem } from '../openapi-parts';
import { countStatistics, readers, statisticsQuerySchema } from './statistics';

const renderers = [
  ['xlsx', statisticsXlsx],
  ['pdf', statisticsPdf],
] as const;

/**
 * GET /api/v1/staff/statistics.xlsx|.pdf?from=&to=&unitId=&lang= — the statistics page's
 * figures (统计) as a file in the reader's language, for the same readers, unit and period
 * as the figures themselves.
 */
export function statisticsExportRoutes(deps: { em: () => EntityManager }): Router {
  const router = Router();
  for (const [format, render] of renderers) {
    router.get(`/api/v1/staff/statistics.${format}`, readers, async (req, res) => {
      const report: StatisticsReport = await countStatistics(deps.em(), req);
      const bytes = await render(report, req.language);
      res
        .set('Cache-Control', 'private, no-store')
        .attachment(`${statisticsFileName(report, req.language)}.${format}`)
        .type(mediaTypes[format])
        .send(bytes);
    });
  }
  return router;
}

export function registerStatisticsExportPaths(registry: OpenAPIRegistry): void {
  for (const [format] of renderers) {
    registry.registerPath({
      method: 'get',
      path: `/api/v1/staff/statistics.${format}`,
      summary: `The figures (统计) of a unit’s subtree for a period as ${format.toUpperCase()}, in the reader’s language (\`lang\`)`,
      request: { query: statisticsQuerySchema },
      responses: {
        200: download('The figures as a download (Content-Disposition: attachment)', mediaTypes[format]),
        401: problem('Not signed in.'),
        403: problem('Not a reader of reports (clerk, office head, leader, supervisor).'),
        404: problem('The unit does not exist or is outside the jurisdiction.'),
        422: problem('A date is malformed, the end is before the start, or the period is over ten years.'),
      },
    });
  }
}
