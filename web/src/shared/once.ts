// Look-ups that do not change while a page is open (categories, the register's names), fetched
// once and shared by every component that asks; callers key them by account where they differ.
// A failure is not kept, so the next ask tries again.
const cache = new Map<string, Promise<unknown>>();

export function once<T>(key: string, load: () => Promise<T>): Promise<T> {
  let found = cache.get(key) as Promise<T> | undefined;
  if (!found) {
    found = load();
    cache.set(key, found);
    found.catch(() => cache.delete(key));
  }
  return found;
}
