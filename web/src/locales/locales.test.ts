// Every piece of UI text exists in both languages: the same keys in zh and en (English adds
// plural forms, key_one and key_other, where Chinese has one), and no empty texts but separators.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const here = path.dirname(new URL(import.meta.url).pathname);
const namespaces = fs.readdirSync(path.join(here, 'zh')).filter((f) => f.endsWith('.json'));

function flatten(value: unknown, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, inner] of Object.entries(value as Record<string, unknown>)) {
    const name = prefix ? `${prefix}.${key}` : key;
    if (typeof inner === 'string') out.set(name, inner);
    else for (const [k, v] of flatten(inner, name)) out.set(k, v);
  }
  return out;
}

const read = (language: string, file: string) => flatten(JSON.parse(fs.readFileSync(path.join(here, language, file), 'utf8')));
/** The key a plural form belongs to: i18next picks `count_one` or `count_other` for `count`. */
const base = (key: string) => key.replace(/_(zero|one|two|few|many|other)$/, '');
const keysOf = (texts: Map<string, string>) => [...new Set([...texts.keys()].map(base))].sort();

describe('UI text', () => {
  it('has the same namespaces in both languages', () => {
    expect(fs.readdirSync(path.join(here, 'en')).filter((f) => f.endsWith('.json')).sort()).toEqual([...namespaces].sort());
    expect(namespaces.length).toBeGreaterThan(5);
  });

  it.each(namespaces)('%s: the same keys in both, none empty', (file) => {
    const zh = read('zh', file);
    const en = read('en', file);
    expect(keysOf(en)).toEqual(keysOf(zh));
    for (const [language, texts] of [['zh', zh], ['en', en]] as const) {
      // A separator may be nothing: Chinese runs "2个工作日3小时" together where English spaces.
      for (const [key, text] of texts) if (!key.endsWith('separator')) expect(text.trim(), `${language} ${key}`).not.toBe('');
    }
  });
});
