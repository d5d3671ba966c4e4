// The form that adds or changes a compound: its grid, place, size, flags, property company and
// (optionally) outline as pasted GeoJSON. The list and the compound's page both open it.
import { Checkbox, Form, Input, InputNumber, Select, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import { api } from '../../shared/api';
import { Loaded } from '../components/States';
import { changes, FieldRow, FormModal, geoJsonRule, numberOrNull, parseGeoJson, showGeoJson, text } from './forms';
import { type OrgTree, useOrgTree } from './orgTree';
import { OrgUnitPicker, RemotePicker } from './pickers';
import type { Compound } from './types';

interface CompoundValues {
  name: string;
  gridId: number;
  address?: string;
  location: { lng?: number; lat?: number; crs: 'wgs84' | 'gcj02' };
  households?: number;
  buildYear?: number;
  isOld?: boolean;
  isThreeNos?: boolean;
  hasOwnersCommittee?: boolean;
  propertyCompanyId?: number | null;
  boundary?: string;
}

function body(v: CompoundValues) {
  return {
    name: v.name.trim(),
    gridId: v.gridId,
    address: text(v.address),
    location: { lng: v.location.lng!, lat: v.location.lat!, ...(v.location.crs === 'gcj02' && { crs: 'gcj02' as const }) },
    households: v.households ?? 0,
    buildYear: numberOrNull(v.buildYear),
    isOld: Boolean(v.isOld),
    isThreeNos: Boolean(v.isThreeNos),
    hasOwnersCommittee: Boolean(v.hasOwnersCommittee),
    propertyCompanyId: v.propertyCompanyId ?? null,
    boundary: parseGeoJson(v.boundary),
  };
}

function valuesOf(c: Compound): CompoundValues {
  return {
    name: c.name,
    gridId: c.grid.id,
    address: c.address ?? undefined,
    location: { ...c.location, crs: 'wgs84' },
    households: c.households,
    buildYear: c.buildYear ?? undefined,
    isOld: c.isOld,
    isThreeNos: c.isThreeNos,
    hasOwnersCommittee: c.hasOwnersCommittee,
    propertyCompanyId: c.propertyCompany?.id ?? null,
    boundary: showGeoJson(c.boundary),
  };
}

export function CompoundForm({
  open,
  compound,
  onClose,
  onSaved,
}: {
  open: boolean;
  /** The compound to change; null adds one. */
  compound: Compound | null;
  onClose(): void;
  onSaved(compound: Compound): void;
}) {
  const { t } = useTranslation('register');
  const tree = useOrgTree();
  return (
    <FormModal<CompoundValues, Compound>
      open={open}
      width={720}
      title={compound ? t('compounds.edit', { name: compound.name }) : t('compounds.new')}
      onClose={onClose}
      initialValues={compound ? valuesOf(compound) : { location: { crs: 'wgs84' }, households: 0 }}
      aliases={{ location: ['location', 'lng'] }}
      onSubmit={async (values) => {
        if (!compound) return api.post<Compound>('/compounds', body(values));
        const patch = changes(body(valuesOf(compound)), body(values));
        return Object.keys(patch).length === 0 ? undefined : api.patch<Compound>(`/compounds/${compound.id}`, patch);
      }}
      onSaved={(saved) => (saved ? onSaved(saved) : onClose())}
    >
      <Loaded state={tree}>{(orgTree) => <CompoundFields tree={orgTree} company={compound?.propertyCompany?.name ?? null} />}</Loaded>
    </FormModal>
  );
}

function CompoundFields({ tree, company }: { tree: OrgTree; company: string | null }) {
  const { t } = useTranslation('register');
  const form = Form.useFormInstance<CompoundValues>();
  const required = { required: true, message: t('ui.required') };
  // A new compound starts at the middle of the grid it is put in.
  const gridChosen = (gridId: number | null) => {
    const center = gridId ? tree.units.get(gridId)?.center : null;
    const location = form.getFieldValue('location') as CompoundValues['location'] | undefined;
    if (center && location?.lng == null && location?.lat == null) form.setFieldValue('location', { ...center, crs: 'wgs84' });
  };
  return (
    <>
      <FieldRow>
        <Form.Item name="name" label={t('fields.name')} rules={[{ ...required, whitespace: true }]}>
          <Input maxLength={100} autoFocus />
        </Form.Item>
        <Form.Item name="gridId" label={t('fields.grid')} rules={[required]}>
          <OrgUnitPicker tree={tree} pick={['grid']} onChange={gridChosen} />
        </Form.Item>
      </FieldRow>
      <Form.Item name="address" label={t('fields.address')}>
        <Input maxLength={200} />
      </Form.Item>
      <Form.Item label={t('compounds.location')} required extra={t('compounds.locationHint')}>
        <Space.Compact block>
          <Form.Item name={['location', 'lng']} noStyle rules={[{ ...required, message: t('compounds.locationRequired') }]}>
            <InputNumber aria-label={t('compounds.lng')} placeholder={t('compounds.lng')} min={-180} max={180} step={0.0001} style={{ width: '38%' }} />
          </Form.Item>
          <Form.Item name={['location', 'lat']} noStyle rules={[{ ...required, message: t('compounds.locationRequired') }]}>
            <InputNumber aria-label={t('compounds.lat')} placeholder={t('compounds.lat')} min={-90} max={90} step={0.0001} style={{ width: '38%' }} />
          </Form.Item>
          <Form.Item name={['location', 'crs']} noStyle>
            <Select
              aria-label={t('compounds.crs')}
              style={{ width: '24%' }}
              options={[
                { value: 'wgs84', label: 'WGS-84' },
                { value: 'gcj02', label: t('compounds.gcj02') },
              ]}
            />
          </Form.Item>
        </Space.Compact>
      </Form.Item>
      <FieldRow columns={3}>
        <Form.Item name="households" label={t('compounds.households')} rules={[required]}>
          <InputNumber min={0} max={100000} precision={0} style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="buildYear" label={t('compounds.buildYear')}>
          <InputNumber min={1900} max={2100} precision={0} style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="propertyCompanyId" label={t('compounds.propertyCompany')}>
          <RemotePicker path="/property-companies" label={company} allowClear placeholder={t('compounds.noPropertyCompany')} />
        </Form.Item>
      </FieldRow>
      <Space size="large" wrap>
        <Form.Item name="isOld" valuePropName="checked">
          <Checkbox>{t('compounds.flags.old')}</Checkbox>
        </Form.Item>
        <Form.Item name="isThreeNos" valuePropName="checked">
          <Checkbox>{t('compounds.flags.threeNos')}</Checkbox>
        </Form.Item>
        <Form.Item name="hasOwnersCommittee" valuePropName="checked">
          <Checkbox>{t('compounds.flags.ownersCommittee')}</Checkbox>
        </Form.Item>
      </Space>
      <Form.Item name="boundary" label={t('fields.boundary')} extra={t('fields.boundaryHint')} rules={[geoJsonRule(t)]}>
        <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} spellCheck={false} style={{ fontFamily: 'monospace', fontSize: 12 }} />
      </Form.Item>
    </>
  );
}
