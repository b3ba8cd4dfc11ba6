import { Card, Col, Row, Space, Statistic, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { percent } from '../reports/format';
import {
  countSections,
  rateSections,
  statisticsSectionNames,
  type StatisticsFigures,
  type StatisticsRate,
} from './api';
import { CountLink } from './CountLink';

/** One figure in its own labelled region, so a reader (or a test) finds it by name. */
function Kpi({ title, children, note }: { title: string; children: ReactNode; note?: ReactNode }) {
  return (
    <Col xs={12} md={8} lg={6} xxl={4}>
      <section aria-label={title}>
        {children}
        {note && <Typography.Text type="secondary">{note}</Typography.Text>}
      </section>
    </Col>
  );
}

/** A rate says what it is made of, and under the minimum says it is not given rather than show a number. */
function RateKpi({ title, rate, minimum }: { title: string; rate: StatisticsRate; minimum: number }) {
  const { t } = useTranslation();
  const made = t('statistics.ofRate', rate);
  return (
    <Kpi title={title} note={rate.rate === null ? t('statistics.tooFewNote', { made, minimum }) : made}>
      <Statistic title={title} value={rate.rate === null ? t('statistics.tooFew') : percent(rate.rate)} />
    </Kpi>
  );
}

/** The period's figures by section, each rate beside the counts it is made of; every count opens its cases. */
export function StatisticsKpis({ figures, minimum }: { figures: StatisticsFigures; minimum: number }) {
  const { t } = useTranslation();
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      {statisticsSectionNames.map((section) => (
        <Card key={section} size="small" title={t(`statistics.sections.${section}`)}>
          <Row gutter={[12, 12]}>
            {rateSections[section].map((name) => (
              <RateKpi
                key={name}
                title={t(`statistics.rates.${name}`)}
                rate={figures.rates[name]}
                minimum={minimum}
              />
            ))}
            {countSections[section].map((name) => (
              <Kpi key={name} title={t(`statistics.counts.${name}`)}>
                <Statistic
                  title={t(`statistics.counts.${name}`)}
                  value={figures[name]}
                  valueRender={(shown) => (
                    <CountLink count={figures[name]} drill={{ figure: name }}>
                      {shown}
                    </CountLink>
                  )}
                />
              </Kpi>
            ))}
          </Row>
        </Card>
      ))}
    </Space>
  );
}
