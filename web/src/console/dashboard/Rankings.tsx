// The rankings of the period: the units below the scope (communities for a district or street,
// grids for a community, compounds for a grid) and the property companies. A row leads to the
// requests of that unit or company.
import { Card, Table, Tooltip } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { NothingYet } from '../components/States';
import { percent } from './format';
import { type RequestFilters, requestsLink } from './links';
import type { FigureReport, RankedUnit } from './types';

interface Row {
  rank: number;
  id: number;
  name: string | null;
  requests: number;
  responseRate: number | null;
  satisfactionRate: number | null;
  resolutionRate: number | null;
  overdue?: number;
}

/** The units a report ranks, and which kind they are. */
export function unitRanking(report: FigureReport): { kind: RankedUnit['kind']; rows: RankedUnit[] } | null {
  const rows = report.communityRanking ?? report.childRanking;
  if (rows.length === 0) return null;
  return { kind: rows[0]!.kind, rows };
}

export function unitFilter(unit: Pick<RankedUnit, 'kind' | 'id'>): RequestFilters {
  return unit.kind === 'compound' ? { compoundId: unit.id } : { unit: unit.id };
}

function RankBadge({ rank }: { rank: number }) {
  return <span className={`hy-rank hy-rank-${rank <= 3 ? rank : 'n'}`}>{rank}</span>;
}

function RankingTable({ rows, testId, onRow, withOverdue }: { rows: Row[]; testId: string; onRow: (row: Row) => void; withOverdue?: boolean }) {
  const { t } = useTranslation('dashboard');
  const rate = (key: 'responseRate' | 'satisfactionRate' | 'resolutionRate', title: string): ColumnsType<Row>[number] => ({
    key,
    title,
    dataIndex: key,
    align: 'right',
    width: 76,
    render: (value: number | null) => percent(value),
  });
  const columns: ColumnsType<Row> = [
    { key: 'rank', title: t('ranking.rank'), dataIndex: 'rank', width: 52, render: (rank: number) => <RankBadge rank={rank} /> },
    {
      key: 'name',
      title: t('ranking.name'),
      dataIndex: 'name',
      ellipsis: { showTitle: false },
      render: (name: string | null) => (
        <Tooltip title={name} placement="topLeft">
          {name ?? t('ranking.unnamed')}
        </Tooltip>
      ),
    },
    { key: 'requests', title: t('ranking.requests'), dataIndex: 'requests', align: 'right', width: 60 },
    rate('responseRate', t('ranking.response')),
    rate('satisfactionRate', t('ranking.satisfaction')),
    rate('resolutionRate', t('ranking.resolution')),
  ];
  if (withOverdue) columns.push({ key: 'overdue', title: t('ranking.overdue'), dataIndex: 'overdue', align: 'right', width: 56 });
  if (rows.length === 0) return <NothingYet text={t('ranking.empty')} />;
  return (
    <div data-testid={testId}>
    <Table<Row>
      size="small"
      rowKey="id"
      columns={columns}
      dataSource={rows}
      pagination={false}
      scroll={{ y: 330 }}
      rowClassName={() => 'hy-clickable'}
      onRow={(row) => ({
        onClick: () => onRow(row),
        onKeyDown: (e) => {
          if (e.key === 'Enter') onRow(row);
        },
        tabIndex: 0,
      })}
    />
    </div>
  );
}

export function UnitRanking({ report, base }: { report: FigureReport; base: RequestFilters }) {
  const { t } = useTranslation('dashboard');
  const navigate = useNavigate();
  const ranking = unitRanking(report);
  const kind = ranking?.kind ?? 'community';
  return (
    <Card title={t(`ranking.${kind}`)} extra={<span className="hy-dash-muted">{t('ranking.order')}</span>} size="small" className="hy-dash-card">
      <RankingTable
        testId="unit-ranking"
        rows={ranking?.rows ?? []}
        onRow={(row) => void navigate(requestsLink({ ...base, ...unitFilter({ kind, id: row.id }) }))}
      />
    </Card>
  );
}

export function CompanyRanking({ report, base }: { report: FigureReport; base: RequestFilters }) {
  const { t } = useTranslation('dashboard');
  const navigate = useNavigate();
  return (
    <Card title={t('ranking.companies')} extra={<span className="hy-dash-muted">{t('ranking.order')}</span>} size="small" className="hy-dash-card">
      <RankingTable
        testId="company-ranking"
        rows={report.companyRanking ?? []}
        withOverdue
        onRow={(row) => void navigate(requestsLink({ ...base, handlerCompanyId: row.id }))}
      />
    </Card>
  );
}
