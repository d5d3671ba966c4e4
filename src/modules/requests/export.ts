// CSV and XLSX export of a filtered request list: the columns (Chinese headers by default),
// the CSV encoding Excel opens correctly, and a streaming XLSX writer.
import { PassThrough, Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import type { presentRequests } from './presenters.js';

export type Presented = Awaited<ReturnType<typeof presentRequests>>[number];
export type Lang = 'zh' | 'en';

const STATE_ZH: Record<string, string> = {
  submitted: '待接单',
  accepted: '已接单',
  returned: '已退回',
  resolved: '已办结',
  reopened: '重新办理',
  closed: '已关闭',
  merged: '已合并',
  cancelled: '已撤销',
};
const CHANNEL_ZH: Record<string, string> = {
  app: '居民点单',
  grid_worker: '网格员代办',
  reception_day: '接待日',
  suggestion_box: '意见箱',
  hotline: '热线转办',
  discussion_group: '议事群',
};
const SATISFACTION_ZH: Record<string, string> = { satisfied: '满意', basically_satisfied: '基本满意', unsatisfied: '不满意' };

/** An instant in Asia/Shanghai wall time, 'YYYY-MM-DD HH:mm' (China keeps UTC+8 all year). */
export function shanghaiTime(iso: string | null): string {
  if (iso === null) return '';
  return new Date(Date.parse(iso) + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');
}

function handlerOf(p: Presented, lang: Lang): string {
  const h = p.handler;
  switch (h.kind) {
    case 'property_company':
      return h.company?.name ?? '';
    case 'grid_worker':
      return h.user?.displayName ?? (lang === 'zh' ? `${p.grid.name}网格员` : `grid worker of ${p.grid.name}`);
    case 'legal_adviser':
      return lang === 'zh' ? `${p.community.name}法律顾问` : `legal adviser of ${p.community.name}`;
    case 'community_staff':
      return p.community.name;
  }
}

function overdueOf(p: Presented, lang: Lang): string {
  const parts = [];
  if (p.overdueAccept) parts.push(lang === 'zh' ? '接单超时' : 'accept');
  if (p.overdueResolve) parts.push(lang === 'zh' ? '办结超时' : 'resolve');
  return parts.join(lang === 'zh' ? '、' : ', ');
}

interface Column {
  zh: string;
  en: string;
  /** Times are kept as ISO instants here; each format writes them in Shanghai time. */
  time?: boolean;
  value(p: Presented, lang: Lang): string | number | null;
}

export const COLUMNS: readonly Column[] = [
  { zh: '编号', en: 'Number', value: (p) => p.number },
  { zh: '状态', en: 'State', value: (p, lang) => (lang === 'zh' ? (STATE_ZH[p.state] ?? p.state) : p.state) },
  { zh: '类别', en: 'Category', value: (p, lang) => (lang === 'zh' ? p.category.nameZh : p.category.nameEn) },
  { zh: '渠道', en: 'Channel', value: (p, lang) => (lang === 'zh' ? (CHANNEL_ZH[p.channel] ?? p.channel) : p.channel) },
  { zh: '描述', en: 'Description', value: (p) => p.description },
  { zh: '街道', en: 'Street', value: (p) => p.street.name },
  { zh: '社区', en: 'Community', value: (p) => p.community.name },
  { zh: '网格', en: 'Grid', value: (p) => p.grid.name },
  { zh: '小区', en: 'Compound', value: (p) => p.compound?.name ?? '' },
  { zh: '处置单位', en: 'Handler', value: handlerOf },
  { zh: '联系人', en: 'Reporter', value: (p) => p.reporter.name ?? '' },
  { zh: '联系电话', en: 'Reporter phone', value: (p) => p.reporter.phone ?? '' },
  { zh: '受理时间', en: 'Placed at', time: true, value: (p) => p.placedAt },
  { zh: '应接单时间', en: 'Accept due', time: true, value: (p) => p.dueAcceptAt },
  { zh: '应办结时间', en: 'Resolve due', time: true, value: (p) => p.dueResolveAt },
  { zh: '接单时间', en: 'Accepted at', time: true, value: (p) => p.acceptedAt },
  { zh: '办结时间', en: 'Resolved at', time: true, value: (p) => p.resolvedAt },
  {
    zh: '是否解决',
    en: 'Solved',
    value: (p, lang) => (p.rating === null ? '' : lang === 'zh' ? (p.rating.solved ? '已解决' : '未解决') : p.rating.solved ? 'yes' : 'no'),
  },
  {
    zh: '评价',
    en: 'Satisfaction',
    value: (p, lang) => (p.rating === null ? '' : lang === 'zh' ? (SATISFACTION_ZH[p.rating.satisfaction] ?? '') : p.rating.satisfaction),
  },
  { zh: '评价意见', en: 'Rating comment', value: (p) => p.rating?.comment ?? '' },
  { zh: '超时', en: 'Overdue', value: overdueOf },
  { zh: '督办层级', en: 'Escalation level', value: (p) => p.escalationLevel },
];

// ---------------------------------------------------------------------------------------------
// CSV

/**
 * A cell Excel or LibreOffice would run as a formula (= + - @, and tab or CR that some of them
 * skip before one) gets a leading apostrophe, the OWASP CSV-injection guard.
 */
export function guardFormula(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

/** RFC 4180: quote a field holding a comma, quote, CR or LF, doubling its quotes. */
export function csvField(value: string | number | null): string {
  const text = value === null ? '' : typeof value === 'number' ? String(value) : guardFormula(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

const csvLine = (fields: (string | number | null)[]) => `${fields.map(csvField).join(',')}\r\n`;

/** UTF-8 with a byte-order mark, without which Excel reads Chinese as mojibake. */
export function csvStream(batches: AsyncIterable<Presented[]>, lang: Lang): Readable {
  async function* lines() {
    yield `\uFEFF${csvLine(COLUMNS.map((c) => c[lang]))}`;
    for await (const batch of batches) {
      let chunk = '';
      for (const p of batch) chunk += csvLine(COLUMNS.map((c) => (c.time ? shanghaiTime(c.value(p, lang) as string | null) : c.value(p, lang))));
      yield chunk;
    }
  }
  return Readable.from(lines());
}

// ---------------------------------------------------------------------------------------------
// XLSX

/**
 * A Shanghai wall time as the Date exceljs writes: Excel cells have no time zone, so the value
 * stored is the local time the reader should see.
 */
function excelTime(iso: string | null): Date | null {
  return iso === null ? null : new Date(Date.parse(iso) + 8 * 3_600_000);
}

/** Streams the workbook row by row: memory stays flat however many rows the export holds. */
export function xlsxStream(batches: AsyncIterable<Presented[]>, lang: Lang): Readable {
  const out = new PassThrough();
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  const sheet = workbook.addWorksheet(lang === 'zh' ? '诉求' : 'Requests', { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = COLUMNS.map((c) => ({
    header: c[lang],
    width: c.time ? 17 : c.zh === '描述' ? 40 : 14,
    ...(c.time ? { style: { numFmt: 'yyyy-mm-dd hh:mm' } } : {}),
  }));
  void (async () => {
    for await (const batch of batches) {
      for (const p of batch) {
        sheet.addRow(COLUMNS.map((c) => (c.time ? excelTime(c.value(p, lang) as string | null) : c.value(p, lang)))).commit();
      }
    }
    sheet.commit();
    await workbook.commit();
  })().catch((error: unknown) => out.destroy(error as Error));
  return out;
}
