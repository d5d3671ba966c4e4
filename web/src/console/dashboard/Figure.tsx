// One number with its title, which leads to the list behind it when there is one.
import { Statistic, Tooltip } from 'antd';
import type { ReactNode } from 'react';
import { Link } from 'react-router';

export function Figure({
  title,
  value,
  to,
  extra,
  hint,
  testId,
  size = 'normal',
}: {
  title: ReactNode;
  value: number | string;
  /** Where a click leads; none for a number without a list behind it. */
  to?: string | null;
  extra?: ReactNode;
  hint?: string;
  testId?: string;
  size?: 'normal' | 'large';
}) {
  const titled = hint ? (
    <Tooltip title={hint}>
      <span className="hy-figure-hinted">{title}</span>
    </Tooltip>
  ) : (
    title
  );
  const body = (
    <>
      <Statistic title={titled} value={value} styles={{ content: { fontSize: size === 'large' ? 30 : 24 } }} />
      {extra !== undefined && <div className="hy-figure-extra">{extra}</div>}
    </>
  );
  return to ? (
    <Link to={to} className="hy-figure hy-figure-link" data-testid={testId}>
      {body}
    </Link>
  ) : (
    <div className="hy-figure" data-testid={testId}>
      {body}
    </div>
  );
}
