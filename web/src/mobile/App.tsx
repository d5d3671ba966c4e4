// Placeholder routes of the phone pages; the pages are being built.
import { Route, Routes } from 'react-router';

export function MobileRoutes() {
  return (
    <Routes>
      <Route path="*" element={<main className="m-page">红韵</main>} />
    </Routes>
  );
}
