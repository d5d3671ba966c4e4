// Grids (网格) in scope: name, code, community, grid worker; create and edit where the role may.
import { OrgUnitPage } from '../../register/OrgUnitPage';

export default function Grids() {
  return <OrgUnitPage kind="grid" />;
}
