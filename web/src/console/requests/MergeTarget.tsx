// Choosing the main request a duplicate merges into: open requests of the same community are
// offered; a typed number (HY-20261128-0005) is looked up among the requests placed that day, and
// a typed id is taken as it is.
import { Select } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../shared/api';
import type { Page, RequestDetail, RequestSummary } from '../../shared/types';
import { useApi } from '../../shared/useApi';

const OPEN = 'submitted,accepted,returned,reopened';
/** Numbers carry the Shanghai day they were placed on: prefix, YYYYMMDD, counter. */
const NUMBER = /^[A-Za-z]+-(\d{4})(\d{2})(\d{2})-\d+$/;
/** Pages read at most when looking a number up in its day. */
const MAX_PAGES = 5;

interface Option {
  value: number;
  label: string;
}

const optionOf = (r: RequestSummary): Option => ({ value: r.id, label: `${r.number} · ${r.description.slice(0, 40)}` });

async function findNumber(number: string): Promise<RequestSummary | undefined> {
  const m = NUMBER.exec(number);
  if (!m) return undefined;
  const day = `${m[1]}-${m[2]}-${m[3]}`;
  let cursor: string | null = null;
  for (let page = 0; page < MAX_PAGES; page++) {
    const answer: Page<RequestSummary> = await api.get<Page<RequestSummary>>('/requests', { from: day, to: day, limit: 200, cursor });
    const found = answer.items.find((r) => r.number.toUpperCase() === number.toUpperCase());
    if (found || !answer.nextCursor) return found;
    cursor = answer.nextCursor;
  }
  return undefined;
}

export function MergeTarget({ request, value, onChange, id }: { request: RequestDetail; value?: number; onChange?: (id: number | undefined) => void; id?: string }) {
  const { t } = useTranslation('requests');
  const nearby = useApi(
    () => api.get<Page<RequestSummary>>('/requests', { state: OPEN, unit: request.community.id, limit: 200 }),
    [request.community.id],
  );
  const [typed, setTyped] = useState<Option[]>([]);
  const [searching, setSearching] = useState(false);

  const options = useMemo(() => {
    const list = (nearby.data?.items ?? []).filter((r) => r.id !== request.id).map(optionOf);
    const seen = new Set(list.map((o) => o.value));
    return [...typed.filter((o) => !seen.has(o.value)), ...list];
  }, [nearby.data, typed, request.id]);

  const search = (text: string) => {
    const q = text.trim();
    if (/^\d+$/.test(q) && Number(q) !== request.id) {
      setTyped([{ value: Number(q), label: t('form.byId', { id: q }) }]);
    } else if (NUMBER.test(q)) {
      setSearching(true);
      findNumber(q)
        .then((found) => setTyped(found && found.id !== request.id ? [optionOf(found)] : []))
        .catch(() => setTyped([]))
        .finally(() => setSearching(false));
    }
  };

  return (
    <Select<number>
      id={id}
      value={value}
      onChange={onChange}
      allowClear
      autoFocus
      placeholder={t('form.intoPlaceholder')}
      loading={nearby.loading || searching}
      showSearch={{ optionFilterProp: 'label', onSearch: search }}
      options={options}
      notFoundContent={nearby.error ? t('filters.listFailed') : t('form.intoNone')}
    />
  );
}
