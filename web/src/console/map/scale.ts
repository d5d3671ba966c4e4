// The map's colours: classes of open or overdue requests for grids, a flag colour for
// compounds, a colour per state for requests. Fixed class breaks read the same in every scope.

export type Metric = 'open' | 'overdue';

/** Lower bounds of the classes above zero: 1–2, 3–5, 6–9, 10 and more. */
export const BREAKS = [1, 3, 6, 10] as const;

export const PALETTES: Record<Metric, readonly string[]> = {
  open: ['#f4f1ea', '#fdd49e', '#fdae6b', '#f16913', '#a63603'],
  overdue: ['#f4f1ea', '#fcbba1', '#fb6a4a', '#de2d26', '#a50f15'],
};

/** The class of a count: 0 for none, then one per break passed. */
export function classOf(count: number): number {
  return BREAKS.filter((b) => count >= b).length;
}

export function fillOf(metric: Metric, count: number): string {
  return PALETTES[metric][classOf(count)]!;
}

/** The legend's labels: "0", "1–2", "3–5", "6–9", "10+". */
export function classLabels(): string[] {
  const labels = ['0'];
  BREAKS.forEach((low, i) => {
    const next = BREAKS[i + 1];
    if (next === undefined) labels.push(`${low}+`);
    else labels.push(next - 1 === low ? String(low) : `${low}–${next - 1}`);
  });
  return labels;
}

/** Grids with overdue requests get this outline whatever the fill shows. */
export const OVERDUE_OUTLINE = '#c0392b';

export type CompoundKind = 'threeNos' | 'noProperty' | 'old' | 'other';

export const COMPOUND_COLOURS: Record<CompoundKind, string> = {
  threeNos: '#722ed1',
  noProperty: '#eb2f96',
  old: '#1677ff',
  other: '#389e0d',
};

/** A compound's colour follows its most pressing flag: three-nos, then no property company, then old. */
export function compoundKind(c: { isThreeNos: boolean; hasPropertyManagement: boolean; isOld: boolean }): CompoundKind {
  if (c.isThreeNos) return 'threeNos';
  if (!c.hasPropertyManagement) return 'noProperty';
  if (c.isOld) return 'old';
  return 'other';
}

/** Compounds on the red-property path get this ring. */
export const RED_PROPERTY_RING = '#cf1322';

export const STATE_COLOURS: Record<string, string> = {
  submitted: '#fa8c16',
  accepted: '#1677ff',
  returned: '#722ed1',
  reopened: '#eb2f96',
  resolved: '#52c41a',
};
