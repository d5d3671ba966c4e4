// How a compound's flags and red-property stage read in lists and on its page.
import { Space, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Compound, RedPropertyStage } from './types';

export const STAGE_COLORS: Record<RedPropertyStage, string> = {
  planned: 'default',
  branch_formed: 'orange',
  property_integrated: 'volcano',
  demonstration_site: 'red',
};

export function StageTag({ stage }: { stage: RedPropertyStage | null }) {
  const { t } = useTranslation('register');
  if (!stage) return null;
  return <Tag color={STAGE_COLORS[stage]}>{t('compounds.redProperty', { stage: t(`stages.${stage}`) })}</Tag>;
}

export function CompoundFlags({ compound }: { compound: Compound }) {
  const { t } = useTranslation('register');
  return (
    <Space size={[0, 4]} wrap>
      {compound.isOld && <Tag color="gold">{t('compounds.flags.old')}</Tag>}
      {compound.isThreeNos && <Tag color="magenta">{t('compounds.flags.threeNos')}</Tag>}
      {!compound.hasPropertyManagement && <Tag color="purple">{t('compounds.flags.noProperty')}</Tag>}
      {compound.hasOwnersCommittee && <Tag color="blue">{t('compounds.flags.ownersCommittee')}</Tag>}
      <StageTag stage={compound.redPropertyStage} />
    </Space>
  );
}
