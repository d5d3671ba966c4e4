// The actions this account may take on the request now — exactly the detail's `actions`, which
// the API computes from the role and the state — each a small form sending the version the page
// holds. A stale version or a refused transition reloads the page; field errors sit by their fields.
import { InboxOutlined } from '@ant-design/icons';
import { Alert, App, Button, Descriptions, Form, Input, InputNumber, Modal, Radio, Select, Space, Typography, Upload } from 'antd';
import type { UploadFile } from 'antd/es/upload/interface';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError, errorText, problemText } from '../../shared/api';
import { useAuth } from '../../shared/auth';
import type { RequestDetail } from '../../shared/types';
import { useApi } from '../../shared/useApi';
import * as lookups from './lookups';
import { MergeTarget } from './MergeTarget';
import { actionPath, HANDLER_KINDS, type RequestEvent, SATISFACTION } from './model';

/** The order buttons appear in: the handler's work first, then dispatch, then the rest. */
const ORDER = ['accept', 'resolve', 'return', 'extend', 'decideExtension', 'reassign', 'supervise', 'merge', 'rate', 'reopen', 'cancel'];
const PRIMARY = new Set(['accept', 'resolve', 'decideExtension', 'rate']);
const DANGER = new Set(['cancel', 'return']);

/** The form fields each action has, as the API names them in field errors. */
const FIELDS: Record<string, string[]> = {
  accept: [],
  return: ['reason'],
  reassign: ['handler.kind', 'handler.companyId', 'handler.userId', 'note'],
  resolve: ['note', 'photos'],
  supervise: ['note'],
  extend: ['days', 'reason'],
  decideExtension: ['granted', 'note'],
  merge: ['intoId'],
  rate: ['solved', 'satisfaction', 'comment'],
  reopen: ['reason'],
  cancel: ['reason'],
};

const PHOTO_TYPES = 'image/jpeg,image/png,image/webp';
const MAX_PHOTOS = 9;

interface Props {
  request: RequestDetail;
  events: RequestEvent[];
  /** After an action (or a stale version): load the request again. */
  onChanged(): void;
}

export function ActionPanel({ request, events, onChanged }: Props) {
  const { t } = useTranslation('requests');
  const [open, setOpen] = useState<string | null>(null);
  // The API lists extend and decideExtension by state and role; the lifecycle then refuses a
  // decision with nothing asked and a second request while one waits, so neither is offered.
  const offered = request.actions.filter((a) => (a === 'decideExtension' ? request.extensionPending : a === 'extend' ? !request.extensionPending : true));
  const actions = ORDER.filter((a) => offered.includes(a)).concat(offered.filter((a) => !ORDER.includes(a)));

  if (actions.length === 0) return <Typography.Text type="secondary">{t('actions.none')}</Typography.Text>;
  return (
    <>
      <Space wrap data-testid="actions">
        {actions.map((action) => (
          <Button key={action} type={PRIMARY.has(action) ? 'primary' : 'default'} danger={DANGER.has(action)} onClick={() => setOpen(action)}>
            {t(`actions.${action}`, { defaultValue: action })}
          </Button>
        ))}
      </Space>
      {open && (
        <ActionModal
          action={open}
          request={request}
          events={events}
          onClose={() => setOpen(null)}
          onChanged={() => {
            setOpen(null);
            onChanged();
          }}
        />
      )}
    </>
  );
}

function ActionModal({ action, request, events, onClose, onChanged }: { action: string; request: RequestDetail; events: RequestEvent[]; onClose(): void; onChanged(): void }) {
  const { t } = useTranslation('requests');
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const [sending, setSending] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);

  const send = async (values: Record<string, unknown>) => {
    setSending(true);
    setProblem(null);
    try {
      const path = `/requests/${request.id}/${actionPath(action)}`;
      if (action === 'resolve' && Array.isArray(values.photos) && values.photos.length > 0) {
        const data = new FormData();
        data.append('data', JSON.stringify({ version: request.version, note: values.note }));
        for (const file of values.photos as UploadFile[]) if (file.originFileObj) data.append('photos', file.originFileObj);
        await api.postForm(path, data);
      } else {
        await api.post(path, bodyOf(action, request.version, values));
      }
      message.success(t('done', { action: t(`actions.${action}`) }));
      onChanged();
    } catch (error) {
      if (!(error instanceof ApiError)) {
        setProblem(String(error));
      } else if (error.code === 'stale_version') {
        message.warning(t('errors.stale'));
        onChanged();
      } else if (error.code === 'transition_not_allowed' || error.status === 403 || error.status === 404) {
        message.error(error.status === 404 ? t('common:status.notFoundText') : t('errors.refused', { message: errorText(error) }));
        onChanged();
      } else {
        const known = FIELDS[action] ?? [];
        const mine = error.details.filter((d) => known.includes(d.field));
        form.setFields(mine.map((d) => ({ name: d.field.split('.'), errors: [problemText(d)] })));
        const rest = error.details.filter((d) => !known.includes(d.field));
        if (mine.length === 0 || rest.length > 0) {
          setProblem(rest.length > 0 ? rest.map((d) => `${d.field}: ${problemText(d)}`).join('；') : errorText(error));
        }
      }
    } finally {
      setSending(false);
    }
  };

  const title = t(`actions.${action}`, { defaultValue: action });
  return (
    <Modal open title={`${title} · ${request.number}`} onCancel={onClose} footer={null} destroyOnHidden width={560}>
      <Form form={form} layout="vertical" onFinish={(values) => void send(values as Record<string, unknown>)} initialValues={initialValues(action)}>
        {action === 'accept' && <Typography.Paragraph>{t('confirm.accept')}</Typography.Paragraph>}
        {action === 'return' && <Reason name="reason" label={t('form.returnReason')} required />}
        {action === 'reassign' && <ReassignFields request={request} />}
        {action === 'resolve' && (
          <>
            <Reason name="note" label={t('form.resolveNote')} required max={2000} />
            <Form.Item
              name="photos"
              label={t('form.photos')}
              valuePropName="fileList"
              getValueFromEvent={(e: { fileList: UploadFile[] }) => e.fileList}
              extra={t('form.photosHelp', { count: MAX_PHOTOS })}
            >
              <Upload.Dragger accept={PHOTO_TYPES} multiple maxCount={MAX_PHOTOS} listType="picture" beforeUpload={() => false}>
                <p className="ant-upload-drag-icon">
                  <InboxOutlined />
                </p>
                <p className="ant-upload-text">{t('form.photosDrop')}</p>
              </Upload.Dragger>
            </Form.Item>
          </>
        )}
        {action === 'supervise' && <Reason name="note" label={t('form.superviseNote')} required />}
        {action === 'extend' && (
          <>
            <Form.Item name="days" label={t('form.days')} rules={[{ required: true, message: t('form.required') }]}>
              <InputNumber min={1} max={60} precision={0} style={{ width: 160 }} autoFocus />
            </Form.Item>
            <Reason name="reason" label={t('form.extendReason')} required autoFocus={false} />
          </>
        )}
        {action === 'decideExtension' && <DecisionFields events={events} />}
        {action === 'merge' && (
          <Form.Item name="intoId" label={t('form.intoId')} rules={[{ required: true, message: t('form.required') }]} extra={t('form.intoHelp')}>
            <MergeTarget request={request} />
          </Form.Item>
        )}
        {action === 'rate' && <RateFields />}
        {action === 'reopen' && <Reason name="reason" label={t('form.reopenReason')} required />}
        {action === 'cancel' && <Reason name="reason" label={t('form.cancelReason')} />}
        {problem && <Alert type="error" showIcon title={problem} style={{ marginBottom: 16 }} />}
        <Space style={{ width: '100%', justifyContent: 'flex-end' }}>
          <Button onClick={onClose}>{t('common:actions.cancel')}</Button>
          <Button type="primary" htmlType="submit" loading={sending} danger={DANGER.has(action)} autoFocus={FIELDS[action]!.length === 0}>
            {title}
          </Button>
        </Space>
      </Form>
    </Modal>
  );
}

function initialValues(action: string): Record<string, unknown> {
  if (action === 'decideExtension') return { granted: true };
  if (action === 'extend') return { days: 3 };
  return {};
}

/** The JSON body of an action, with the version the page holds. */
function bodyOf(action: string, version: number, v: Record<string, unknown>): Record<string, unknown> {
  const trimmed = (value: unknown) => (typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined);
  switch (action) {
    case 'return':
    case 'reopen':
      return { version, reason: trimmed(v.reason) };
    case 'cancel':
      return { version, reason: trimmed(v.reason) ?? null };
    case 'resolve':
    case 'supervise':
      return { version, note: trimmed(v.note) };
    case 'extend':
      return { version, days: v.days, reason: trimmed(v.reason) };
    case 'decideExtension':
      return { version, granted: v.granted, note: trimmed(v.note) ?? null };
    case 'reassign': {
      const h = v.handler as { kind: string; companyId?: number; userId?: number };
      return {
        version,
        handler: { kind: h.kind, ...(h.kind === 'property_company' ? { companyId: h.companyId } : {}), ...(h.kind === 'grid_worker' ? { userId: h.userId } : {}) },
        note: trimmed(v.note) ?? null,
      };
    }
    case 'merge':
      return { version, intoId: v.intoId };
    case 'rate':
      return { version, solved: v.solved, satisfaction: v.satisfaction, comment: trimmed(v.comment) ?? null };
    default:
      return { version };
  }
}

function Reason({ name, label, required = false, max = 500, autoFocus = true }: { name: string; label: string; required?: boolean; max?: number; autoFocus?: boolean }) {
  const { t } = useTranslation('requests');
  const form = Form.useFormInstance();
  return (
    <Form.Item
      name={name}
      label={label}
      rules={required ? [{ required: true, whitespace: true, message: t('form.required') }] : []}
      extra={t('form.ctrlEnter')}
    >
      <Input.TextArea
        rows={3}
        maxLength={max}
        showCount
        autoFocus={autoFocus}
        // Enter makes a new line in a text area; Ctrl+Enter (⌘+Enter) sends the form.
        onKeyDown={(e) => {
          if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
            e.preventDefault();
            form.submit();
          }
        }}
      />
    </Form.Item>
  );
}

function ReassignFields({ request }: { request: RequestDetail }) {
  const { t } = useTranslation('requests');
  const { me } = useAuth();
  const kind = Form.useWatch(['handler', 'kind']) as string | undefined;
  const lists = useApi(async () => {
    const [companies, workers, units] = await Promise.all([lookups.companies(me!), lookups.gridWorkers(me!), lookups.units(me!)]);
    const gridName = new Map(units.map((u) => [u.id, u.name]));
    // The worker of the request's own grid first.
    const sorted = [...workers].sort((a, b) => Number(b.scopeUnitId === request.grid.id) - Number(a.scopeUnitId === request.grid.id));
    return { companies, workers: sorted.map((w) => ({ ...w, grid: w.scopeUnitId === null ? '' : (gridName.get(w.scopeUnitId) ?? '') })) };
  }, [me?.id, request.grid.id]);
  const failed = lists.error ? t('filters.listFailed') : undefined;
  return (
    <>
      <Descriptions size="small" column={1} style={{ marginBottom: 12 }} items={[{ key: 'now', label: t('form.currentHandler'), children: t(`common:handlers.${request.handler.kind}`) }]} />
      <Form.Item name={['handler', 'kind']} label={t('form.handlerKind')} rules={[{ required: true, message: t('form.required') }]}>
        <Select autoFocus options={HANDLER_KINDS.map((k) => ({ value: k, label: t(`common:handlers.${k}`) }))} />
      </Form.Item>
      {kind === 'property_company' && (
        <Form.Item name={['handler', 'companyId']} label={t('form.company')} rules={[{ required: true, message: t('form.required') }]}>
          <Select
            showSearch={{ optionFilterProp: 'label' }}
            loading={lists.loading}
            notFoundContent={failed}
            options={(lists.data?.companies ?? []).map((c) => ({ value: c.id, label: c.name }))}
          />
        </Form.Item>
      )}
      {kind === 'grid_worker' && (
        <Form.Item name={['handler', 'userId']} label={t('form.gridWorker')} rules={[{ required: true, message: t('form.required') }]}>
          <Select
            showSearch={{ optionFilterProp: 'label' }}
            loading={lists.loading}
            notFoundContent={failed}
            options={(lists.data?.workers ?? []).map((w) => ({ value: w.id, label: w.grid ? w.displayName + t('paren', { text: w.grid }) : w.displayName }))}
          />
        </Form.Item>
      )}
      {(kind === 'legal_adviser' || kind === 'community_staff') && (
        <Typography.Paragraph type="secondary">{t('form.communityHandler', { community: request.community.name })}</Typography.Paragraph>
      )}
      <Reason name="note" label={t('form.reassignNote')} autoFocus={false} />
    </>
  );
}

function DecisionFields({ events }: { events: RequestEvent[] }) {
  const { t } = useTranslation('requests');
  const asked = [...events].reverse().find((e) => e.type === 'request.extension_requested');
  return (
    <>
      {asked && (
        <Descriptions
          size="small"
          column={1}
          bordered
          style={{ marginBottom: 16 }}
          items={[
            { key: 'who', label: t('form.askedBy'), children: asked.actor?.displayName ?? '' },
            { key: 'days', label: t('form.days'), children: t('event.daysValue', { count: Number(asked.data.days) }) },
            { key: 'reason', label: t('event.reason'), children: String(asked.data.reason ?? '') },
          ]}
        />
      )}
      <Form.Item name="granted" label={t('form.decision')} rules={[{ required: true, message: t('form.required') }]}>
        <Radio.Group
          options={[
            { value: true, label: t('event.granted') },
            { value: false, label: t('event.refused') },
          ]}
        />
      </Form.Item>
      <Reason name="note" label={t('form.decisionNote')} autoFocus={false} />
    </>
  );
}

function RateFields() {
  const { t } = useTranslation('requests');
  return (
    <>
      <Form.Item name="solved" label={t('rating.solvedQuestion')} rules={[{ required: true, message: t('form.required') }]}>
        <Radio.Group
          options={[
            { value: true, label: t('rating.solved') },
            { value: false, label: t('rating.unsolved') },
          ]}
        />
      </Form.Item>
      <Form.Item name="satisfaction" label={t('rating.satisfaction')} rules={[{ required: true, message: t('form.required') }]}>
        <Radio.Group options={SATISFACTION.map((s) => ({ value: s, label: t(`common:satisfaction.${s}`) }))} />
      </Form.Item>
      <Reason name="comment" label={t('rating.comment')} autoFocus={false} />
    </>
  );
}
