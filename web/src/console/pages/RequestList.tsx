// Placeholder: this page is being built.
import { NothingYet } from '../components/States';

export default function RequestList() {
  return <NothingYet />;
}
