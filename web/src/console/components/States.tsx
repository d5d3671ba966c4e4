// Loading, empty, error and not-found states, the same on every console page.
import { Button, Empty, Result, Spin } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, errorText } from '../../shared/api';

export function Loading() {
  const { t } = useTranslation();
  return (
    <div style={{ padding: 48, textAlign: 'center' }} role="status" aria-live="polite">
      <Spin />
      <div style={{ marginTop: 8, color: '#888' }}>{t('status.loading')}</div>
    </div>
  );
}

export function NothingYet({ text }: { text?: string }) {
  const { t } = useTranslation();
  return <Empty description={text ?? t('status.empty')} />;
}

export function NotFound() {
  const { t } = useTranslation();
  return <Result status="404" title={t('status.notFound')} subTitle={t('status.notFoundText')} />;
}

export function Failed({ error, retry }: { error: unknown; retry?: () => void }) {
  const { t } = useTranslation();
  if (error instanceof ApiError && error.status === 404) return <NotFound />;
  const text = errorText(error);
  return (
    <Result
      status="error"
      title={t('status.error')}
      subTitle={text}
      extra={retry ? <Button onClick={retry}>{t('status.retry')}</Button> : undefined}
    />
  );
}

/** Renders `children(data)` once loaded, the matching state before and on failure. */
export function Loaded<T>({
  state,
  children,
  empty,
}: {
  state: { data: T | undefined; loading: boolean; error: unknown; reload(): void };
  children: (data: T) => ReactNode;
  empty?: (data: T) => boolean;
}) {
  if (state.error) return <Failed error={state.error} retry={state.reload} />;
  if (state.data === undefined) return <Loading />;
  if (empty?.(state.data)) return <NothingYet />;
  return <>{children(state.data)}</>;
}
