// The demo's year of requests, planned as plain data: when and where each request is placed,
// by whom, with what text, and what happens to it afterwards, step by step at simulated times.
// Every step is checked against the pure lifecycle while planning, and the sweeper's work
// (overdue marks, escalations, auto-closing) is inserted where a sweeper would have done it,
// so the seeder can replay the plan through the real services without a surprise.
// Pure and deterministic for (seed, anchor, request count, calendar, settings).
import type { AttributeValue } from '../core/attributes.js';
import type { Calendar } from '../core/calendar.js';
import { ESCALATE_AFTER_WORKING_DAYS, planSupervision, type WorkingClock } from '../core/escalation.js';
import { add, contribution, type Figures, figuresOf, zero } from '../core/figures.js';
import { pointIn } from '../core/geo.js';
import {
  apply,
  type Command,
  decide,
  type HandlerKind,
  type RequestState,
  type RequestView,
  type Satisfaction,
  submit,
} from '../core/lifecycle.js';
import type { Channel } from '../db/schema.js';
import { DEMO_CATEGORIES, type DemoCategory } from './categories.js';
import { COMMUNITIES, nameSource, phoneSource, ROADS } from './names.js';
import type { DemoPlan } from './plan.js';
import { createRandom, type Random } from './random.js';
import {
  cancelReason,
  extensionNote,
  extensionReason,
  ratingComment,
  reassignNote,
  reopenReason,
  resolutionNote,
  returnReason,
  type Scene,
  type Slots,
  slotsFor,
  superviseNote,
  whereOf,
  wordRequest,
} from './texts.js';

export const DEFAULT_REQUESTS = 20_000;

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const SHANGHAI = 8 * HOUR;

/** Who takes a step; the seeder maps each to an account from the request as it stands. */
export type Actor = 'handler' | 'dispatcher' | 'supervisor' | 'reporter' | 'system';

export type StepAction =
  | { action: 'accept' }
  | { action: 'return'; reason: string }
  | { action: 'reassign'; to: HandlerKind; note: string }
  | { action: 'resolve'; note: string }
  | { action: 'rate'; solved: boolean; satisfaction: Satisfaction; comment: string | null }
  | { action: 'reopen'; reason: string }
  | { action: 'merge'; into: number }
  | { action: 'cancel'; reason: string }
  | { action: 'supervise'; note: string }
  | { action: 'extend'; days: number; reason: string }
  | { action: 'decideExtension'; granted: boolean; note: string }
  | { action: 'markOverdue'; limit: 'accept' | 'resolve' }
  | { action: 'escalate'; level: number; limit: 'accept' | 'resolve' }
  | { action: 'close' };

export interface Step {
  /** Epoch milliseconds. */
  at: number;
  by: Actor;
  act: StepAction;
}

export type StoryLocation =
  | { kind: 'compound'; compound: number; building: number }
  | { kind: 'point'; grid: number; lng: number; lat: number; compound: number | null };

export type Reporter = { kind: 'resident' } | { kind: 'walk_in'; name: string; phone: string };

export interface Story {
  /** Position in placement order; merges name their main request by it. */
  index: number;
  placedAt: number;
  category: string;
  channel: Channel;
  location: StoryLocation;
  grid: number;
  community: number;
  reporter: Reporter;
  description: string;
  attributes: Record<string, AttributeValue>;
  /** The handler routing gives it (DESIGN.md "Routing"). */
  handler: HandlerKind;
  /** What happens after placement, in time order, up to the anchor. */
  steps: Step[];
  /** The request at the anchor, as the lifecycle computes it. */
  view: RequestView;
}

export interface YearInput {
  seed: number;
  /** The demo's "now": requests are placed in the 365 days before it. */
  anchor: Date;
  requests: number;
  calendar: Calendar;
  autoCloseDays: number;
  /** The sweeper's period: how late after a limit its marks come at most. */
  sweepSeconds: number;
  /** The configured working periods (minutes since midnight), for the sweeper's escalation steps. */
  workingHours: readonly { start: number; end: number }[];
  plan: DemoPlan;
  categories?: readonly DemoCategory[];
}

export interface Year {
  from: number;
  to: number;
  stories: Story[];
}

// Shares of the channels on working days and on days off (no reception day or suggestion box then).
const CHANNELS_WORKDAY: readonly [Channel, number][] = [
  ['app', 50],
  ['grid_worker', 22],
  ['hotline', 10],
  ['discussion_group', 7],
  ['reception_day', 6],
  ['suggestion_box', 5],
];
const CHANNELS_DAY_OFF: readonly [Channel, number][] = [
  ['app', 76],
  ['grid_worker', 8],
  ['hotline', 10],
  ['discussion_group', 6],
];

// Hour-of-day profiles (Shanghai time) per channel: residents write at any hour, most in the
// morning and the evening; staff record what reached them during office hours.
const OFFICE = [0, 0, 0, 0, 0, 0, 0, 0, 1, 3, 3, 2, 0, 0, 1, 3, 3, 2, 0, 0, 0, 0, 0, 0];
const HOURS: Record<Channel, readonly number[]> = {
  app: [0.4, 0.2, 0.1, 0.1, 0.1, 0.3, 0.9, 2, 3.5, 4.5, 4.5, 4, 3, 2.6, 3, 3.5, 3.5, 3.2, 3, 3.6, 4.2, 4, 2.6, 1.2],
  grid_worker: [0, 0, 0, 0, 0, 0, 0, 0, 2, 4, 4, 2, 0, 0, 1, 4, 4, 3, 0.5, 1, 0.8, 0, 0, 0],
  hotline: OFFICE,
  discussion_group: [0, 0, 0, 0, 0, 0, 0, 0, 1, 3, 3, 2, 0, 0, 1, 3, 3, 2, 0.5, 0.5, 0.3, 0, 0, 0],
  reception_day: [0, 0, 0, 0, 0, 0, 0, 0, 0, 4, 4, 2, 0, 0, 0, 3, 3, 1, 0, 0, 0, 0, 0, 0],
  suggestion_box: [0, 0, 0, 0, 0, 0, 0, 0, 0, 4, 3, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
};

// Rough outcome rates; the figures they give are checked by the tests, not written here.
const P = {
  echo: 0.03,
  cancel: 0.015,
  returned: 0.04,
  lateAccept: 0.095,
  lateResolve: 0.06,
  extension: 0.025,
  extensionGranted: 0.8,
  supervise: 0.03,
  superviseLate: 0.5,
  reopen: 0.035,
  rated: 0.86,
  residentRequests: 36,
} as const;

const MARKABLE: readonly RequestState[] = ['submitted', 'accepted', 'returned', 'reopened'];

interface Weighted<T> {
  items: T[];
  cumulative: number[];
}

function weighted<T>(entries: readonly (readonly [T, number])[]): Weighted<T> {
  const items: T[] = [];
  const cumulative: number[] = [];
  let sum = 0;
  for (const [item, weight] of entries) {
    if (weight <= 0) continue;
    sum += weight;
    items.push(item);
    cumulative.push(sum);
  }
  return { items, cumulative };
}

function draw<T>(random: Random, w: Weighted<T>): T {
  const x = random.float(0, w.cumulative[w.cumulative.length - 1]!);
  let lo = 0;
  let hi = w.cumulative.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (w.cumulative[mid]! > x) hi = mid;
    else lo = mid + 1;
  }
  return w.items[lo]!;
}

const shanghaiDay = (t: number) => Math.floor((t + SHANGHAI) / DAY);
const dayStart = (day: number) => day * DAY - SHANGHAI;
const isoDay = (day: number) => new Date(day * DAY).toISOString().slice(0, 10);
const weekday = (day: number) => (((day + 4) % 7) + 7) % 7; // 0 = Sunday

/** Somebody of the compound's or the grid's people: regulars report again, others once. */
function peopleSource(random: Random) {
  let nextName = nameSource(random);
  const nextPhone = phoneSource(random);
  const byPlace = new Map<string, { name: string; phone: string }[]>();
  const newName = () => {
    try {
      return nextName();
    } catch {
      // More reporters than distinct names: namesakes are real too.
      nextName = nameSource(random);
      return nextName();
    }
  };
  return (place: string) => {
    const known = byPlace.get(place) ?? [];
    byPlace.set(place, known);
    if (known.length > 0 && random.chance(0.3)) return random.pick(known);
    const person = { name: newName(), phone: nextPhone() };
    known.push(person);
    return person;
  };
}

/** A point inside the grid's boundary (and whichever compound footprint it falls in). */
function pointInGrid(random: Random, plan: DemoPlan, grid: number) {
  const boundary = plan.grids[grid]!.boundary;
  const ring = boundary.coordinates[0]!;
  const lngs = ring.map((p) => p[0]!);
  const lats = ring.map((p) => p[1]!);
  const [minLng, maxLng, minLat, maxLat] = [Math.min(...lngs), Math.max(...lngs), Math.min(...lats), Math.max(...lats)];
  for (;;) {
    const lng = Math.round(random.float(minLng, maxLng) * 1e6) / 1e6;
    const lat = Math.round(random.float(minLat, maxLat) * 1e6) / 1e6;
    if (!pointIn(lng, lat, boundary)) continue;
    const compound = plan.compounds.findIndex((c) => c.grid === grid && c.boundary !== null && pointIn(lng, lat, c.boundary));
    return { lng, lat, compound: compound < 0 ? null : compound };
  }
}

interface Draft {
  placedAt: number;
  category: DemoCategory;
  channel: Channel;
  location: StoryLocation;
  grid: number;
  community: number;
  compound: number | null;
  /** Whether that compound has a property company. */
  managed: boolean;
  reporter: Reporter;
  slots: Slots;
  phrasing: number;
  handler: HandlerKind;
  /** For a duplicate: the draft it repeats. */
  echoOf?: Draft;
  steps?: Step[];
  view?: RequestView;
  states?: { at: number; state: RequestState }[];
  index?: number;
}

export function planYear(input: YearInput): Year {
  const { plan, calendar } = input;
  const categories = input.categories ?? DEMO_CATEGORIES;
  const random = createRandom(input.seed * 104_729 + 3);
  const to = input.anchor.getTime();
  const from = to - 365 * DAY;
  const people = peopleSource(random);

  // Days, weighted by weekday, the official calendar and a slowly growing use of the platform.
  const firstDay = shanghaiDay(from);
  const lastDay = shanghaiDay(to - 1);
  const dayWeights: [number, number][] = [];
  for (let day = firstDay; day <= lastDay; day++) {
    const w = weekday(day);
    const working = calendar.isWorkingDay(isoDay(day)) ?? (w >= 1 && w <= 5);
    let weight = working ? (w === 1 ? 1.15 : 1) : w === 0 || w === 6 ? 0.72 : 0.55;
    weight *= 0.85 + (0.3 * (day - firstDay)) / Math.max(1, lastDay - firstDay);
    dayWeights.push([day, weight]);
  }
  const days = weighted(dayWeights);
  const compoundsByHouseholds = weighted(plan.compounds.map((c, i) => [i, c.households] as const));
  const gridWeights = weighted(
    plan.grids.map((_, g) => [g, 300 + plan.compounds.filter((c) => c.grid === g).reduce((s, c) => s + c.households, 0)] as const),
  );
  const byMonth = Array.from({ length: 12 }, (_, month) =>
    weighted(categories.map((c) => [c, c.weight * (c.season?.[month] ?? 1)] as const)),
  );
  const hasBranch = new Set(plan.partyOrgs.filter((o) => o.compound !== undefined).map((o) => o.compound!));
  const residentCompound = plan.accounts.find((a) => a.role === 'resident')!.compound!;

  function placementTime(channel: Channel): number {
    for (;;) {
      const day = draw(random, days);
      const working = calendar.isWorkingDay(isoDay(day)) ?? (weekday(day) >= 1 && weekday(day) <= 5);
      if (!working && (channel === 'reception_day' || channel === 'suggestion_box')) continue;
      const hour = draw(random, weighted(HOURS[channel].map((w, h) => [h, w] as const)));
      const at = dayStart(day) + hour * HOUR + random.int(0, 59) * MINUTE + random.int(0, 59) * 1000;
      if (at >= from && at < to) return at;
    }
  }

  function channelOn(day: number): Channel {
    const working = calendar.isWorkingDay(isoDay(day)) ?? (weekday(day) >= 1 && weekday(day) <= 5);
    return draw(random, weighted(working ? CHANNELS_WORKDAY : CHANNELS_DAY_OFF));
  }

  function sceneAt(location: StoryLocation, where: 'compound' | 'public', grid: number, community: number): Scene {
    const compound = location.kind === 'compound' ? location.compound : location.compound;
    const inGrid = plan.compounds.filter((c) => c.grid === grid).map((c) => c.name);
    const named = compound !== null ? plan.compounds[compound]! : undefined;
    const building = location.kind === 'compound' ? named!.buildings[location.building]! : undefined;
    return {
      compound: named?.name ?? (inGrid.length > 0 ? random.pick(inGrid) : COMMUNITIES[community]!.name),
      building: building?.name ?? null,
      floors: building?.floors ?? 6,
      managed: named ? named.company !== null : false,
      community: COMMUNITIES[community]!.name,
      roads: ROADS[plan.communities[community]!.street] ?? ROADS[0]!,
      nearby: inGrid.length > 0 ? inGrid : [COMMUNITIES[community]!.name],
      where,
    };
  }

  function routed(kind: HandlerKind, compound: number | null): HandlerKind {
    if (kind === 'property_company') return compound !== null && plan.compounds[compound]!.company !== null ? kind : 'grid_worker';
    return kind;
  }

  // 1. Placements.
  const drafts: Draft[] = [];
  const echoes = Math.round(input.requests * P.echo);
  for (let n = 0; n < input.requests - echoes; n++) {
    const dayGuess = draw(random, days);
    const channel = channelOn(dayGuess);
    const placedAt = placementTime(channel);
    const month = new Date(placedAt + SHANGHAI).getUTCMonth();
    let category = draw(random, byMonth[month]!);
    // Nobody drops a gas leak into the suggestion box.
    while (category.urgent && (channel === 'suggestion_box' || channel === 'reception_day' || channel === 'discussion_group')) {
      category = draw(random, byMonth[month]!);
    }
    const where = whereOf(category.code);
    let location: StoryLocation;
    let grid: number;
    if (where === 'compound') {
      const compound = draw(random, compoundsByHouseholds);
      const buildings = plan.compounds[compound]!.buildings;
      location = { kind: 'compound', compound, building: random.int(0, buildings.length - 1) };
      grid = plan.compounds[compound]!.grid;
    } else {
      grid = draw(random, gridWeights);
      location = { kind: 'point', grid, ...pointInGrid(random, plan, grid) };
    }
    const community = plan.grids[grid]!.community;
    const compound = location.compound;
    const person = people(compound !== null ? `c${compound}` : `g${grid}`);
    const slots = slotsFor(random, category.code, sceneAt(location, where, grid, community));
    drafts.push({
      placedAt,
      category,
      channel,
      location,
      grid,
      community,
      compound,
      managed: compound !== null && plan.compounds[compound]!.company !== null,
      reporter: { kind: 'walk_in', name: person.name, phone: person.phone },
      slots,
      phrasing: random.int(0, 3),
      handler: routed(category.handlerKind, compound),
    });
  }
  drafts.sort((a, b) => a.placedAt - b.placedAt);

  // The demo resident's own requests: app requests about their compound, spread over the year.
  const theirs = drafts.filter((d) => d.channel === 'app' && d.location.kind === 'compound' && d.compound === residentCompound);
  for (const d of random.sample(theirs, Math.min(P.residentRequests, theirs.length))) d.reporter = { kind: 'resident' };

  // 2. Outcomes, in placement order.
  const workingDayMinutes = input.workingHours.reduce((sum, p) => sum + p.end - p.start, 0);
  const ctx: OutcomeContext = {
    random,
    calendar,
    clock: { workingMinutesBetween: (a, b) => calendar.workingMinutesBetween(a, b), dayMinutes: workingDayMinutes },
    workingDayMinutes,
    autoCloseDays: input.autoCloseDays,
    sweepSeconds: input.sweepSeconds,
    anchor: to,
    hasBranch,
  };
  for (const d of drafts) walk(ctx, d, outcome(ctx, d));

  // 3. Duplicates: a second report of the same problem soon after, merged into the first by the
  // community's dispatcher while the first is still open.
  const candidates = drafts.filter((d) => !d.category.urgent);
  const extra: Draft[] = [];
  for (let tries = 0; extra.length < echoes && tries < echoes * 20; tries++) {
    const main = random.pick(candidates);
    let placedAt = main.placedAt + random.int(20, 30 * 60) * MINUTE;
    // Neighbours write in waking hours; in office hours some call the hotline or the grid worker.
    const hour = Math.floor(((placedAt + SHANGHAI) % DAY) / HOUR);
    if (hour < 7) placedAt += (7 - hour) * HOUR;
    if (placedAt >= to) continue;
    const office = HOURS.hotline[Math.floor(((placedAt + SHANGHAI) % DAY) / HOUR)]! > 0 && calendar.isWorkingDay(isoDay(shanghaiDay(placedAt)));
    const person = people(main.compound !== null ? `c${main.compound}` : `g${main.grid}`);
    const echo: Draft = {
      ...main,
      placedAt,
      channel: office && random.chance(0.3) ? random.pick(['hotline', 'grid_worker'] as const) : 'app',
      reporter: { kind: 'walk_in', name: person.name, phone: person.phone },
      echoOf: main,
      steps: undefined,
      view: undefined,
      states: undefined,
    };
    const mergeAt = later(ctx, echo, placedAt, random.int(20, 300));
    const mainState = stateAt(main, mergeAt);
    if (mainState === null || !MARKABLE.includes(mainState)) continue;
    // The dispatcher merges before anybody accepts the duplicate.
    walk(ctx, echo, [{ at: mergeAt, by: 'dispatcher', act: { action: 'merge', into: -1 } }]);
    extra.push(echo);
  }
  const all = [...drafts, ...extra].sort((a, b) => a.placedAt - b.placedAt);
  all.forEach((d, index) => (d.index = index));

  const stories: Story[] = all.map((d) => {
    const wording = wordRequest(random, d.category.code, d.slots, d.channel, d.phrasing, d.echoOf !== undefined);
    return {
      index: d.index!,
      placedAt: d.placedAt,
      category: d.category.code,
      channel: d.channel,
      location: d.location,
      grid: d.grid,
      community: d.community,
      reporter: d.reporter,
      description: wording.description,
      attributes: wording.attributes,
      handler: d.handler,
      steps: d.steps!.map((s) => (s.act.action === 'merge' ? { ...s, act: { action: 'merge' as const, into: d.echoOf!.index! } } : s)),
      view: d.view!.mergedIntoId === null ? d.view! : { ...d.view!, mergedIntoId: d.echoOf!.index! },
    };
  });
  return { from, to, stories };
}

interface OutcomeContext {
  random: Random;
  calendar: Calendar;
  clock: WorkingClock;
  workingDayMinutes: number;
  autoCloseDays: number;
  sweepSeconds: number;
  anchor: number;
  hasBranch: Set<number>;
}

/** `minutes` of working time after `from` (calendar minutes for urgent categories), plus a few seconds. */
function later(ctx: OutcomeContext, d: Draft, from: number, minutes: number): number {
  const seconds = ctx.random.int(0, 59) * 1000;
  if (d.category.urgent) return from + Math.round(minutes * MINUTE) + seconds;
  return ctx.calendar.addWorkingHours(new Date(from), Math.max(minutes, 1) / 60).due.getTime() + seconds;
}

/** Working minutes between two instants (calendar minutes for urgent categories). */
function span(ctx: OutcomeContext, d: Draft, from: number, to: number): number {
  if (to <= from) return 0;
  return d.category.urgent ? (to - from) / MINUTE : ctx.calendar.workingMinutesBetween(new Date(from), new Date(to));
}

function satisfactionFor(random: Random, late: boolean, reopened: boolean): { solved: boolean; satisfaction: Satisfaction } {
  const [satisfied, basically] = reopened ? [0.45, 0.35] : late ? [0.64, 0.26] : [0.87, 0.1];
  const x = random.float(0, 1);
  const satisfaction: Satisfaction = x < satisfied ? 'satisfied' : x < satisfied + basically ? 'basically_satisfied' : 'unsatisfied';
  const solvedChance = { satisfied: 0.99, basically_satisfied: 0.85, unsatisfied: 0.25 }[satisfaction];
  return { solved: random.chance(solvedChance), satisfaction };
}

/** Ratings by residents come at any waking hour; staff calling back do it in office hours. */
function ratingTime(ctx: OutcomeContext, d: Draft, resolvedAt: number): number {
  const { random } = ctx;
  if (d.reporter.kind === 'walk_in') return later(ctx, d, resolvedAt, random.int(30, 3 * 420));
  const x = random.float(0, 1);
  const hours = x < 0.6 ? random.float(0.2, 8) : x < 0.9 ? random.float(8, 48) : random.float(48, ctx.autoCloseDays * 24 - 2);
  let at = resolvedAt + Math.round(hours * HOUR);
  const hourOfDay = Math.floor(((at + SHANGHAI) % DAY) / HOUR);
  if (hourOfDay < 7) at += (7 - hourOfDay) * HOUR;
  return at;
}

/** The people's steps for one request: handler, dispatcher, supervisor, reporter. */
function outcome(ctx: OutcomeContext, d: Draft): Step[] {
  const { random, calendar } = ctx;
  const c = d.category;
  const placed = d.placedAt;
  const dueAccept = calendar.due(new Date(placed), c.acceptLimit).due.getTime();
  let dueResolve = calendar.due(new Date(placed), c.resolveLimit).due.getTime();
  const steps: Step[] = [];
  const resident = d.reporter.kind === 'resident';

  if (random.chance(P.cancel)) {
    const at = later(ctx, d, placed, random.int(10, 120));
    return [{ at, by: resident ? 'reporter' : 'dispatcher', act: { action: 'cancel', reason: cancelReason(random) } }];
  }

  let from = placed;
  let handler = d.handler;
  if (!c.urgent && random.chance(P.returned)) {
    const returnedAt = later(ctx, d, placed, random.float(0.1, 0.6) * Math.max(30, span(ctx, d, placed, dueAccept)));
    const to = otherHandler(random, handler, d.managed);
    steps.push({ at: returnedAt, by: 'handler', act: { action: 'return', reason: returnReason(random, handler) } });
    from = later(ctx, d, returnedAt, random.int(15, 120));
    steps.push({ at: from, by: 'dispatcher', act: { action: 'reassign', to, note: reassignNote(random) } });
    handler = to;
  }

  // Accept: most well within the limit, early rather than late; some after it.
  const acceptWindow = span(ctx, d, from, dueAccept);
  let lateAccept = random.chance(c.urgent ? 0.05 : P.lateAccept) || acceptWindow < 2;
  let acceptedAt = 0;
  if (!lateAccept) {
    acceptedAt = later(ctx, d, from, Math.max(1, acceptWindow * random.float(0.02, 0.9) ** 1.7));
    if (acceptedAt >= dueAccept) lateAccept = true;
  }
  if (lateAccept) {
    const limit = Math.max(30, span(ctx, d, placed, dueAccept));
    acceptedAt = later(ctx, d, Math.max(dueAccept, from), limit * random.float(0.15, 1.5));
    if (random.chance(P.superviseLate)) {
      const at = dueAccept + Math.round((acceptedAt - dueAccept) * random.float(0.3, 0.8));
      steps.push({ at, by: 'supervisor', act: { action: 'supervise', note: superviseNote(random, true) } });
    }
  }
  steps.push({ at: acceptedAt, by: 'handler', act: { action: 'accept' } });

  // An extension, asked for before the limit and decided by the dispatcher a few hours later.
  let resolveFrom = acceptedAt;
  let extended = false;
  if (!c.urgent && c.resolveLimit.unit === 'working_days' && random.chance(P.extension)) {
    const window = span(ctx, d, acceptedAt, dueResolve);
    if (window > 120) {
      const askedAt = later(ctx, d, acceptedAt, window * random.float(0.2, 0.5));
      const days = random.pick([3, 5, 7, 10]);
      const decidedAt = later(ctx, d, askedAt, random.int(30, 420));
      const granted = random.chance(P.extensionGranted);
      steps.push({ at: askedAt, by: 'handler', act: { action: 'extend', days, reason: extensionReason(random) } });
      steps.push({ at: decidedAt, by: 'dispatcher', act: { action: 'decideExtension', granted, note: extensionNote(random, granted) } });
      if (granted) dueResolve = calendar.addWorkingDays(new Date(dueResolve), days).due.getTime();
      resolveFrom = decidedAt;
      extended = granted;
    }
  }

  const resolveWindow = span(ctx, d, resolveFrom, dueResolve);
  let lateResolve = random.chance(c.urgent ? 0.04 : extended ? 0.02 : P.lateResolve) || resolveWindow < 5;
  let resolvedAt = 0;
  if (!lateResolve) {
    resolvedAt = later(ctx, d, resolveFrom, Math.max(5, resolveWindow * random.float(0.05, 0.92) ** 1.3));
    if (resolvedAt >= dueResolve) lateResolve = true;
  }
  if (lateResolve) {
    const limit = Math.max(60, span(ctx, d, placed, dueResolve));
    resolvedAt = later(ctx, d, Math.max(dueResolve, resolveFrom), limit * random.float(0.1, 1.2));
    if (random.chance(P.superviseLate)) {
      const at = dueResolve + Math.round((resolvedAt - dueResolve) * random.float(0.3, 0.8));
      steps.push({ at, by: 'supervisor', act: { action: 'supervise', note: superviseNote(random, true) } });
    }
  } else if (random.chance(P.supervise)) {
    const at = acceptedAt + Math.round((resolvedAt - acceptedAt) * random.float(0.2, 0.8));
    steps.push({ at, by: 'supervisor', act: { action: 'supervise', note: superviseNote(random, false) } });
  }
  steps.push({ at: resolvedAt, by: 'handler', act: { action: 'resolve', note: resolutionNote(random, c.code, d.slots) } });

  // The reporter rates, or reopens (then rates the second resolution more harshly), or lets it close.
  const closesAt = (resolved: number) => resolved + ctx.autoCloseDays * DAY;
  let lastResolved = resolvedAt;
  let reopened = false;
  if (random.chance(P.reopen)) {
    const hours = random.float(2, Math.min(72, ctx.autoCloseDays * 24 - 6));
    const at = resolvedAt + Math.round(hours * HOUR);
    steps.push({ at, by: 'reporter', act: { action: 'reopen', reason: reopenReason(random) } });
    lastResolved = later(ctx, d, at, random.int(60, 840));
    steps.push({ at: lastResolved, by: 'handler', act: { action: 'resolve', note: `二次处理：${resolutionNote(random, c.code, d.slots)}` } });
    reopened = true;
  }
  if (random.chance(reopened ? 0.9 : P.rated)) {
    const at = ratingTime(ctx, d, lastResolved);
    if (at < closesAt(lastResolved) - HOUR) {
      const rating = satisfactionFor(random, lateAccept || lateResolve, reopened);
      steps.push({ at, by: 'reporter', act: { action: 'rate', ...rating, comment: ratingComment(random, rating.satisfaction) } });
    }
  }
  // Steps were drawn in causal order; supervision notes fall between them.
  return steps.sort((a, b) => a.at - b.at);
}

/** Where a returned request goes next. */
function otherHandler(random: Random, current: HandlerKind, companyAvailable: boolean): HandlerKind {
  switch (current) {
    case 'property_company':
      return random.chance(0.7) ? 'grid_worker' : 'community_staff';
    case 'grid_worker':
      return companyAvailable ? 'property_company' : 'community_staff';
    case 'community_staff':
      return 'grid_worker';
    case 'legal_adviser':
      return 'community_staff';
  }
}

function stateAt(d: Draft, at: number): RequestState | null {
  if (at < d.placedAt) return null;
  let state: RequestState = 'submitted';
  for (const s of d.states ?? []) {
    if (s.at > at) break;
    state = s.state;
  }
  return state;
}

const fakeHandler = (kind: HandlerKind) => ({ kind, companyId: null, userId: null, unitId: null });

/**
 * When the sweeper runs: on a fixed beat of `sweepSeconds` (60 s when this server has it off,
 * as another would sweep), so that one run at a beat does what every request planned for it.
 */
export function sweepBeat(sweepSeconds: number): number {
  return (sweepSeconds > 0 ? sweepSeconds : 60) * 1000;
}

/**
 * Runs the people's steps through the pure lifecycle up to the anchor and inserts the sweeper's
 * steps at its first run after they fall due, by its own rules (src/core/escalation.ts and the
 * auto-close): overdue marks, escalations up the chain, the close of a resolved request nobody
 * rated. The seeder runs the real sweeper at exactly those beats.
 */
function walk(ctx: OutcomeContext, d: Draft, people: Step[]): void {
  const { calendar } = ctx;
  const c = d.category;
  // What falls due waits for the sweeper's next beat, strictly after it.
  const beat = sweepBeat(ctx.sweepSeconds);
  const nextBeat = (t: number) => (Math.floor(t / beat) + 1) * beat;
  const placedIso = new Date(d.placedAt).toISOString();
  const dueAccept = calendar.due(new Date(d.placedAt), c.acceptLimit);
  const dueResolve = calendar.due(new Date(d.placedAt), c.resolveLimit);
  let view = apply(
    undefined,
    submit({
      at: placedIso,
      actorId: null,
      handler: fakeHandler(d.handler),
      dueAcceptAt: dueAccept.due.toISOString(),
      dueResolveAt: dueResolve.due.toISOString(),
      dueUncertain: dueAccept.uncertain || dueResolve.uncertain,
    }),
  );
  const hasLevelOne = d.compound !== null && ctx.hasBranch.has(d.compound);
  const out: Step[] = [];
  const states: { at: number; state: RequestState }[] = [];
  let lastExtensionDays = 0;

  /** The sweeper's first run after `now` that finds something to do, and what it does. */
  const nextSweep = (now: number): Step[] => {
    if (view.state === 'resolved') {
      const at = nextBeat(Math.max(now, Date.parse(view.resolvedAt!) + ctx.autoCloseDays * DAY));
      return [{ at, by: 'system', act: { action: 'close' } }];
    }
    if (!MARKABLE.includes(view.state)) return [];
    // The moments its answer can change: right after the last change, when a limit passes,
    // and when the oldest overdue limit has been overdue for each escalation step.
    const moments = [now, Date.parse(view.dueAcceptAt), Date.parse(view.dueResolveAt)];
    for (const due of moments.slice(1)) {
      for (const days of ESCALATE_AFTER_WORKING_DAYS) {
        if (days > 0) moments.push(calendar.addWorkingHours(new Date(due), (days * ctx.workingDayMinutes) / 60).due.getTime());
      }
    }
    // A limit passes strictly after its due time, an escalation step the moment it is reached:
    // try the beat at a moment as well as the one after it.
    const beats = [...new Set(moments.flatMap((m) => (m > now ? [Math.ceil(m / beat) * beat, nextBeat(m)] : [nextBeat(now)])))]
      .filter((b) => b > now)
      .sort((a, b) => a - b);
    for (const at of beats) {
      const commands = planSupervision(view, new Date(at), ctx.clock, hasLevelOne);
      if (commands.length > 0) return commands.map((command) => ({ at, by: 'system' as const, act: systemAction(command) }));
    }
    return [];
  };

  const commandOf = (step: Step): Command => {
    const a = step.act;
    const minutes = () => Math.round(calendar.workingMinutesBetween(new Date(d.placedAt), new Date(step.at)));
    switch (a.action) {
      case 'accept':
        return { type: 'accept', workingMinutes: minutes() };
      case 'resolve':
        return { type: 'resolve', note: a.note, workingMinutes: minutes() };
      case 'return':
        return { type: 'return', reason: a.reason };
      case 'reassign':
        return { type: 'reassign', handler: fakeHandler(a.to), note: a.note };
      case 'rate':
        return { type: 'rate', rating: { solved: a.solved, satisfaction: a.satisfaction, comment: a.comment } };
      case 'reopen':
        return { type: 'reopen', reason: a.reason };
      case 'merge':
        // Story indices are not known yet; any id other than the request's own will do here.
        return { type: 'merge', intoId: -1, selfId: -2 };
      case 'cancel':
        return { type: 'cancel', reason: a.reason };
      case 'supervise':
        return { type: 'supervise', note: a.note };
      case 'extend':
        lastExtensionDays = a.days;
        return { type: 'extend', days: a.days, reason: a.reason };
      case 'decideExtension':
        return {
          type: 'decideExtension',
          granted: a.granted,
          dueResolveAt: a.granted ? calendar.addWorkingDays(new Date(view.dueResolveAt), lastExtensionDays).due.toISOString() : null,
          note: a.note,
        };
      case 'markOverdue':
        return { type: 'markOverdue', limit: a.limit };
      case 'escalate':
        return { type: 'escalate', level: a.level, limit: a.limit };
      case 'close':
        return { type: 'close' };
    }
  };

  const take = (step: Step) => {
    view = apply(view, decide(view, commandOf(step), new Date(step.at).toISOString(), null));
    out.push(step);
    states.push({ at: step.at, state: view.state });
  };

  let now = d.placedAt;
  let k = 0;
  for (;;) {
    const human = people[k];
    const sweep = nextSweep(now);
    const at = sweep[0]?.at;
    if (at !== undefined && (!human || at <= human.at)) {
      if (at >= ctx.anchor) break;
      for (const step of sweep) take(step);
      now = at;
      continue;
    }
    if (!human || human.at >= ctx.anchor) break;
    take(human);
    now = human.at;
    k++;
  }
  d.steps = out;
  d.view = view;
  d.states = states;
}

function systemAction(command: Command): StepAction {
  switch (command.type) {
    case 'markOverdue':
      return { action: 'markOverdue', limit: command.limit };
    case 'escalate':
      return { action: 'escalate', level: command.level, limit: command.limit };
    case 'close':
      return { action: 'close' };
    default:
      throw new Error(`the sweeper does not ${command.type}`);
  }
}

/** The district's figures the year should show: the sum of every request's contribution. */
export function expectedFigures(year: Year): Figures {
  const sum = zero();
  for (const s of year.stories) add(sum, contribution(s.view));
  return figuresOf(sum);
}
