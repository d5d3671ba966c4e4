// Communities (社区) in scope: name, code, street, grids; create and edit where the role may.
import { OrgUnitPage } from '../../register/OrgUnitPage';

export default function Communities() {
  return <OrgUnitPage kind="community" />;
}
