// A category's extra fields (text, number, date and time, long text, one or several of a list),
// as inputs whose values the form sends in `attributes`.
import { useTranslation } from 'react-i18next';
import type { FieldSpec } from './types';
import { FieldProblem } from './ui';
import { named } from './util';

export type AttributeDraft = Record<string, string | string[]>;

/** The draft as the API takes it: numbers as numbers, times as instants, empty fields left out. */
export function attributeValues(fields: FieldSpec[], draft: AttributeDraft): Record<string, string | number | string[]> {
  const values: Record<string, string | number | string[]> = {};
  for (const field of fields) {
    const value = draft[field.key];
    if (value === undefined || value === '' || (Array.isArray(value) && value.length === 0)) continue;
    if (field.type === 'number' && typeof value === 'string') {
      const number = Number(value);
      values[field.key] = Number.isFinite(number) ? number : value;
    } else if (field.type === 'datetime' && typeof value === 'string') {
      const time = new Date(value);
      values[field.key] = Number.isNaN(time.getTime()) ? value : time.toISOString();
    } else {
      values[field.key] = value;
    }
  }
  return values;
}

export function AttributeFields({
  fields,
  draft,
  onChange,
  onEdit,
  problems,
}: {
  fields: FieldSpec[];
  draft: AttributeDraft;
  onChange(draft: AttributeDraft): void;
  /** Called with the key of the field the user changed. */
  onEdit?(key: string): void;
  problems: Record<string, string>;
}) {
  const { t, i18n } = useTranslation('mobile');
  const set = (key: string, value: string | string[]) => {
    onChange({ ...draft, [key]: value });
    onEdit?.(key);
  };
  return (
    <>
      {fields.map((field) => {
        const id = `f-attributes-${field.key}`;
        const problem = problems[`attributes.${field.key}`];
        const label = (
          <>
            {named(field, i18n.language)}
            {field.required ? <span className="m-required"> *</span> : <span className="m-muted"> {t('form.optional')}</span>}
          </>
        );
        const common = {
          id,
          'aria-invalid': problem ? true : undefined,
          'aria-describedby': problem ? `${id}-problem` : undefined,
          'aria-required': field.required || undefined,
        } as const;
        const value = draft[field.key];
        const text = typeof value === 'string' ? value : '';
        if (field.type === 'multi') {
          const chosen = Array.isArray(value) ? value : [];
          return (
            <fieldset className="m-field" key={field.key} {...common}>
              <legend className="m-label">{label}</legend>
              <div className="m-chips">
                {(field.options ?? []).map((option) => (
                  <label className="m-chip" key={option.value}>
                    <input
                      type="checkbox"
                      checked={chosen.includes(option.value)}
                      onChange={(e) => set(field.key, e.target.checked ? [...chosen, option.value] : chosen.filter((v) => v !== option.value))}
                    />
                    <span>{named(option, i18n.language)}</span>
                  </label>
                ))}
              </div>
              <FieldProblem id={`${id}-problem`} text={problem} />
            </fieldset>
          );
        }
        let input;
        switch (field.type) {
          case 'single':
            input = (
              <select {...common} value={text} onChange={(e) => set(field.key, e.target.value)}>
                <option value="">{t('form.choose')}</option>
                {(field.options ?? []).map((option) => (
                  <option key={option.value} value={option.value}>
                    {named(option, i18n.language)}
                  </option>
                ))}
              </select>
            );
            break;
          case 'text':
            input = <textarea {...common} rows={3} maxLength={2000} value={text} onChange={(e) => set(field.key, e.target.value)} />;
            break;
          case 'number':
            input = <input {...common} type="number" inputMode="decimal" step="any" value={text} onChange={(e) => set(field.key, e.target.value)} />;
            break;
          case 'datetime':
            input = <input {...common} type="datetime-local" value={text} onChange={(e) => set(field.key, e.target.value)} />;
            break;
          default:
            input = <input {...common} type="text" maxLength={200} value={text} onChange={(e) => set(field.key, e.target.value)} />;
        }
        return (
          <div className="m-field" key={field.key}>
            <label htmlFor={id}>{label}</label>
            {input}
            <FieldProblem id={`${id}-problem`} text={problem} />
          </div>
        );
      })}
    </>
  );
}
