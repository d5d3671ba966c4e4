// Create and edit forms of the register: a modal holding an antd Form whose own submit button
// lets Enter submit, and the API's field errors placed on their fields (the API names fields
// as the body does, dotted for nested ones); what fits no field shows above the form.
import { Alert, App, Button, Form, type FormInstance, Modal } from 'antd';
import type { NamePath } from 'antd/es/form/interface';
import type { TFunction } from 'i18next';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, errorText, problemText } from '../../shared/api';

/**
 * Puts each field problem of an API error on the form field it names (or on the nearest
 * enclosing field, or on an alias) and returns the text for what is left, or null.
 */
export function placeApiError(form: FormInstance, error: unknown, aliases: Record<string, NamePath> = {}): string | null {
  if (!(error instanceof ApiError)) return String(error);
  const known = new Map(form.getFieldsError().map(({ name }) => [name.join('.'), name]));
  const placed = new Map<string, { name: NamePath; errors: string[] }>();
  const left: string[] = [];
  for (const problem of error.details) {
    const { field } = problem;
    const message = problemText(problem);
    let name: NamePath | undefined = aliases[field];
    const parts = field.split('.');
    for (let i = parts.length; name === undefined && i > 0; i--) name = known.get(parts.slice(0, i).join('.'));
    if (name === undefined) {
      left.push(field && field !== '(body)' ? `${field}: ${message}` : message);
      continue;
    }
    const key = JSON.stringify(name);
    const entry = placed.get(key) ?? { name, errors: [] };
    entry.errors.push(message);
    placed.set(key, entry);
  }
  form.setFields([...placed.values()].map(({ name, errors }) => ({ name, errors })));
  if (left.length > 0) return left.join('；');
  return placed.size > 0 ? null : errorText(error);
}

/** The fields of `after` whose values differ from `before`: what a PATCH should send. */
export function changes<T extends Record<string, unknown>>(before: Partial<T>, after: T): Partial<T> {
  const out: Partial<T> = {};
  for (const key of Object.keys(after) as (keyof T)[]) {
    if (JSON.stringify(after[key] ?? null) !== JSON.stringify(before[key] ?? null)) out[key] = after[key];
  }
  return out;
}

/** Trimmed text, or null when blank (the API takes null for "none"). */
export const text = (value: unknown): string | null => (typeof value === 'string' && value.trim() !== '' ? value.trim() : null);

/** A number from an InputNumber, or null when empty. */
export const numberOrNull = (value: unknown): number | null => (typeof value === 'number' && Number.isFinite(value) ? value : null);

interface FormModalProps<V, R> {
  open: boolean;
  title: ReactNode;
  onClose(): void;
  initialValues?: Partial<V>;
  /** Sends the values; undefined means there was nothing to send. Throws ApiError on refusal. */
  onSubmit(values: V): Promise<R | undefined>;
  onSaved(result: R | undefined): void;
  /** API field names that have no form field of their own, mapped to the one that shows them. */
  aliases?: Record<string, NamePath>;
  width?: number;
  children: ReactNode;
}

export function FormModal<V, R>(props: FormModalProps<V, R>) {
  return (
    <Modal open={props.open} title={props.title} onCancel={props.onClose} footer={null} destroyOnHidden width={props.width ?? 560}>
      {props.open && <ModalForm {...props} />}
    </Modal>
  );
}

function ModalForm<V, R>({ initialValues, onSubmit, onSaved, onClose, aliases, children }: FormModalProps<V, R>) {
  const { t } = useTranslation('register');
  const { message } = App.useApp();
  const [form] = Form.useForm<V>();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);

  const finish = async (values: V) => {
    setBusy(true);
    setProblem(null);
    try {
      const result = await onSubmit(values);
      if (result !== undefined) void message.success(t('common:status.saved'));
      setBusy(false);
      onSaved(result);
    } catch (error) {
      setBusy(false);
      setProblem(placeApiError(form, error, aliases));
    }
  };

  return (
    <Form<V> form={form} layout="vertical" initialValues={initialValues} onFinish={finish} scrollToFirstError requiredMark>
      {problem && <Alert type="error" showIcon title={problem} style={{ marginBottom: 16 }} role="alert" />}
      {children}
      <div style={{ display: 'flex', justifyContent: 'flex-end', gap: 8 }}>
        <Button onClick={onClose}>{t('common:actions.cancel')}</Button>
        <Button type="primary" htmlType="submit" loading={busy}>
          {t('common:actions.save')}
        </Button>
      </div>
    </Form>
  );
}

/**
 * Reads a pasted GeoJSON outline: a geometry, a Feature, or a FeatureCollection of one
 * feature. Blank is null. Throws SyntaxError on text that is not JSON.
 */
export function parseGeoJson(value: unknown): object | null {
  if (typeof value !== 'string' || value.trim() === '') return null;
  let data = JSON.parse(value) as { type?: string; geometry?: object; features?: { geometry?: object }[] };
  if (data?.type === 'FeatureCollection' && data.features?.length === 1) data = data.features[0]!.geometry as typeof data;
  else if (data?.type === 'Feature' && data.geometry) data = data.geometry as typeof data;
  return data;
}

/** A form rule: the text must be JSON (the API judges the geometry). */
export function geoJsonRule(t: TFunction) {
  return {
    validator: async (_: unknown, value: unknown) => {
      try {
        parseGeoJson(value);
      } catch {
        throw new Error(t('fields.boundaryNotJson'));
      }
    },
  };
}

export const showGeoJson = (area: object | null | undefined) => (area ? JSON.stringify(area) : '');

/** A record's values as a form's initial values: nulls become "not filled". */
export function formValues<T extends object>(record: T): { [K in keyof T]: Exclude<T[K], null> | undefined } {
  return Object.fromEntries(Object.entries(record).map(([k, v]) => [k, v === null ? undefined : v])) as never;
}

/** Two or three fields side by side. */
export function FieldRow({ children, columns = 2 }: { children: ReactNode; columns?: number }) {
  return <div style={{ display: 'grid', gridTemplateColumns: `repeat(${columns}, minmax(0, 1fr))`, columnGap: 16 }}>{children}</div>;
}
