// Times as people in the district read them: Asia/Shanghai wall time, whatever zone the
// browser is set to (China keeps UTC+8 all year, so the offset is fixed).
const OFFSET_MS = 8 * 3_600_000;

/** An instant as 'YYYY-MM-DD HH:mm' in Shanghai; empty for none. */
export function shanghaiTime(iso: string | null | undefined): string {
  if (!iso) return '';
  return new Date(Date.parse(iso) + OFFSET_MS).toISOString().slice(0, 16).replace('T', ' ');
}

/** Today (or the day of `now`) in Shanghai, 'YYYY-MM-DD'. */
export function shanghaiToday(now: Date = new Date()): string {
  return new Date(now.getTime() + OFFSET_MS).toISOString().slice(0, 10);
}
