import { Card, Col, Row, Statistic, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { weekMeasures, type WeekFigures } from '../api';
import { percent, signed } from './format';

const danger = { color: '#cf1322' };
const good = { color: '#389e0d' };

interface KpiProps {
  title: string;
  value: number | string;
  note?: ReactNode;
  tone?: 'danger' | 'good';
}

/** One figure in its own labelled region, so a reader (or a test) finds it by name. */
function Kpi({ title, value, note, tone }: KpiProps) {
  return (
    <Col xs={12} md={8} lg={6} xxl={4}>
      <Card size="small" style={{ height: '100%' }}>
        <section aria-label={title}>
          <Statistic
            title={title}
            value={value}
            valueStyle={tone === 'danger' ? danger : tone === 'good' ? good : undefined}
          />
          {note && <Typography.Text type="secondary">{note}</Typography.Text>}
        </section>
      </Card>
    </Col>
  );
}

/** 每周一报's figures of the whole subtree, with what they mean for clearing the backlog. */
export function WeekKpis({ figures }: { figures: WeekFigures }) {
  const { t } = useTranslation();
  const m = weekMeasures(figures);
  const toZero =
    m.distanceToZero === 0
      ? t('closeOut.kpi.cleared')
      : m.weeksToZero === null
        ? t('closeOut.kpi.notFalling')
        : t('closeOut.kpi.weeksToZero', { count: m.weeksToZero });
  return (
    <Row gutter={[12, 12]}>
      <Kpi title={t('closeOut.kpi.newCases')} value={figures.newCases} />
      <Kpi title={t('closeOut.kpi.closedOut')} value={figures.closedOut} />
      <Kpi title={t('closeOut.kpi.stillOpen')} value={figures.stillOpen} />
      <Kpi
        title={t('closeOut.kpi.overdue')}
        value={figures.overdue}
        tone={figures.overdue > 0 ? 'danger' : undefined}
      />
      <Kpi title={t('closeOut.kpi.escalated')} value={figures.escalated} />
      <Kpi title={t('closeOut.kpi.reopened')} value={figures.reopened} />
      <Kpi
        title={t('closeOut.kpi.backlogStock')}
        value={figures.backlogStock}
        note={t('closeOut.kpi.backlogChange', { change: signed(m.backlogChange) })}
        tone={m.backlogChange < 0 ? 'good' : m.backlogChange > 0 ? 'danger' : undefined}
      />
      <Kpi title={t('closeOut.kpi.distanceToZero')} value={m.distanceToZero} note={toZero} />
      <Kpi
        title={t('closeOut.kpi.closedWithin5Days')}
        value={percent(m.closedWithin5DaysRate)}
        note={t('closeOut.kpi.ofClosedOut', { count: figures.closedWithin5Days, total: figures.closedOut })}
      />
      <Kpi
        title={t('closeOut.kpi.satisfaction')}
        value={percent(m.satisfactionRate)}
        note={t('closeOut.kpi.ofEvaluations', { count: figures.satisfied, total: figures.evaluations })}
      />
      <Kpi
        title={t('closeOut.kpi.consultations')}
        value={figures.consultations}
        note={t('closeOut.kpi.consultationsAnswered', { count: figures.consultationsAnswered })}
      />
    </Row>
  );
}
