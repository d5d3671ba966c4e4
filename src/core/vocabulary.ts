// The fixed vocabularies of the register: roles, party organisation types, unit kinds,
// red-property stages. Schema CHECK constraints and API enums are built from these lists.

export const RED_PROPERTY_STAGES = ['planned', 'branch_formed', 'property_integrated', 'demonstration_site'] as const;
export type RedPropertyStage = (typeof RED_PROPERTY_STAGES)[number];

export const PARTY_ORG_TYPES = [
  'district_committee',
  'street_working_committee',
  'community_big_committee',
  'compound_branch',
  'red_property_branch',
  'building_joint_committee',
  'small_individual_professional_branch',
] as const;
export type PartyOrgType = (typeof PARTY_ORG_TYPES)[number];

export const UNIT_KINDS = ['agency', 'institution', 'enterprise', 'social_organization', 'office_building'] as const;
export type UnitKind = (typeof UNIT_KINDS)[number];

export const ROLES = [
  'district_admin',
  'street_staff',
  'community_staff',
  'grid_worker',
  'property_staff',
  'party_secretary',
  'in_service_member',
  'unit_liaison',
  'resident',
] as const;
export type Role = (typeof ROLES)[number];

/** How a request reached Hongyun: the app, a grid worker, 接待日, 意见箱, 热线转办, 议事群. */
export const CHANNELS = ['app', 'grid_worker', 'reception_day', 'suggestion_box', 'hotline', 'discussion_group'] as const;
export type Channel = (typeof CHANNELS)[number];

export const LIMIT_UNITS = ['working_days', 'working_hours', 'calendar_hours'] as const;
