// Unit tests for the demo catalogue and its texts: codes a client can rely on, limits and
// handlers that make sense, fields the service accepts, and texts that fill every slot and
// carry attributes their category takes.
import { describe, expect, it } from 'vitest';
import { checkAttributes, checkFieldSpecs } from '../core/attributes.js';
import { HANDLER_KINDS } from '../core/lifecycle.js';
import { SIMILAR_THRESHOLD, similarity } from '../core/text.js';
import type { Channel } from '../db/schema.js';
import { categoryInput, DEMO_CATEGORIES, DEMO_GROUPS } from './categories.js';
import { createRandom } from './random.js';
import {
  extensionReason,
  phrasingsOf,
  ratingComment,
  resolutionNote,
  returnReason,
  type Scene,
  slotsFor,
  superviseNote,
  TEXTS,
  whereOf,
  wordRequest,
} from './texts.js';

const byCode = new Map(DEMO_CATEGORIES.map((c) => [c.code, c]));
const CHANNELS: Channel[] = ['app', 'grid_worker', 'reception_day', 'suggestion_box', 'hotline', 'discussion_group'];

describe('demo categories', () => {
  it('has about thirty categories with unique Open311 service codes', () => {
    expect(DEMO_CATEGORIES.length).toBeGreaterThanOrEqual(28);
    expect(DEMO_CATEGORIES.length).toBeLessThanOrEqual(40);
    expect(byCode.size).toBe(DEMO_CATEGORIES.length);
    // The pattern POST /categories accepts.
    for (const c of DEMO_CATEGORIES) expect(c.code).toMatch(/^[a-z][a-z0-9_.-]{1,39}$/);
    expect(new Set(DEMO_CATEGORIES.map((c) => c.nameZh)).size).toBe(DEMO_CATEGORIES.length);
  });

  it('puts every category in a known group and uses every group', () => {
    const groups = new Set(DEMO_GROUPS.map((g) => g.code));
    for (const c of DEMO_CATEGORIES) expect(groups).toContain(c.groupCode);
    expect(new Set(DEMO_CATEGORIES.map((c) => c.groupCode))).toEqual(groups);
  });

  it('gives fields the service accepts', () => {
    for (const c of DEMO_CATEGORIES) expect(checkFieldSpecs(c.fields), c.code).toEqual([]);
  });

  it('counts urgent categories in calendar hours and the rest in working time, whole working days', () => {
    for (const c of DEMO_CATEGORIES) {
      const units = [c.acceptLimit.unit, c.resolveLimit.unit];
      if (c.urgent) expect(units, c.code).toEqual(['calendar_hours', 'calendar_hours']);
      else expect(units.includes('calendar_hours'), c.code).toBe(false);
      for (const limit of [c.acceptLimit, c.resolveLimit]) {
        expect(limit.amount).toBeGreaterThan(0);
        if (limit.unit === 'working_days') expect(Number.isInteger(limit.amount)).toBe(true);
      }
    }
    expect(DEMO_CATEGORIES.filter((c) => c.urgent).map((c) => c.code).sort()).toEqual([
      'facility.elevator_trapped',
      'safety.gas_leak',
      'water.pipe_burst',
    ]);
  });

  it('resolves no sooner than it accepts', () => {
    // In minutes of the kind of time each counts; a working day is 7 working hours here.
    const minutes = (l: { amount: number; unit: string }) => l.amount * (l.unit === 'working_days' ? 7 * 60 : 60);
    for (const c of DEMO_CATEGORIES) expect(minutes(c.resolveLimit), c.code).toBeGreaterThan(minutes(c.acceptLimit));
  });

  it('sends property matters to the company, legal questions to the adviser, care and disputes to community staff', () => {
    for (const c of DEMO_CATEGORIES) {
      expect(HANDLER_KINDS).toContain(c.handlerKind);
      if (c.groupCode === 'property') expect(c.handlerKind, c.code).toBe('property_company');
      if (c.groupCode === 'legal') expect(c.handlerKind, c.code).toBe('legal_adviser');
      if (c.groupCode === 'care' || c.groupCode === 'disputes') expect(c.handlerKind, c.code).toBe('community_staff');
    }
    // Public space is the grid worker's.
    for (const code of ['facility.street_light', 'facility.manhole', 'traffic.illegal_parking', 'water.waterlogging', 'green.trees']) {
      expect(byCode.get(code)!.handlerKind).toBe('grid_worker');
    }
  });

  it('asks for the fields a handler needs', () => {
    const field = (code: string, key: string) => byCode.get(code)!.fields.find((f) => f.key === key);
    expect(field('facility.elevator', 'building')).toMatchObject({ type: 'string', required: true });
    expect(field('facility.elevator_trapped', 'trapped_people')).toMatchObject({ type: 'number', required: true });
    expect(field('noise.neighbourhood', 'time_of_day')).toMatchObject({ type: 'single', required: true });
    expect(field('traffic.illegal_parking', 'plate_number')).toMatchObject({ type: 'string', required: false });
    expect(field('legal.consultation', 'topic')?.options?.length).toBeGreaterThanOrEqual(5);
  });

  it('passes to createCategory only what a category is', () => {
    const input = categoryInput(byCode.get('env.garbage')!, 10);
    expect(Object.keys(input).sort()).toEqual(
      ['acceptLimit', 'code', 'fields', 'groupCode', 'handlerKind', 'nameEn', 'nameZh', 'resolveLimit', 'sortOrder', 'urgent'].sort(),
    );
  });
});

describe('demo texts', () => {
  const scene = (where: 'compound' | 'public', managed: boolean): Scene => ({
    compound: '海景花园',
    building: where === 'compound' ? '3栋' : null,
    floors: 18,
    managed,
    community: '霞海社区',
    roads: ['人民大道南', '海滨大道南', '乐山路'],
    nearby: ['海景花园', '港务宿舍'],
    where,
  });

  it('has texts for exactly the catalogue', () => {
    expect(Object.keys(TEXTS).sort()).toEqual(DEMO_CATEGORIES.map((c) => c.code).sort());
  });

  it('offers several phrasings per category', () => {
    const random = createRandom(5);
    for (const c of DEMO_CATEGORIES) {
      const slots = slotsFor(random, c.code, scene(whereOf(c.code), true));
      expect(new Set(phrasingsOf(c.code, slots)).size, c.code).toBeGreaterThanOrEqual(2);
      expect(new Set(TEXTS[c.code]!.done).size, c.code).toBeGreaterThanOrEqual(3);
    }
  });

  it('fills every slot and gives attributes the category accepts', () => {
    const random = createRandom(11);
    for (const c of DEMO_CATEGORIES) {
      for (let i = 0; i < 40; i++) {
        const where = whereOf(c.code);
        const slots = slotsFor(random, c.code, scene(where, i % 2 === 0));
        const wording = wordRequest(random, c.code, slots, CHANNELS[i % CHANNELS.length]!, i, i % 5 === 0);
        expect(wording.description, c.code).not.toMatch(/[{}]|undefined|null/);
        expect(wording.description.length).toBeGreaterThan(10);
        expect(checkAttributes(c.fields, wording.attributes), `${c.code}: ${JSON.stringify(wording.attributes)}`).toEqual([]);
        expect(resolutionNote(random, c.code, slots)).not.toMatch(/[{}]/);
      }
    }
  });

  it('writes the attributes the text states', () => {
    const random = createRandom(3);
    const code = 'facility.elevator_trapped';
    const slots = slotsFor(random, code, scene('compound', true));
    const wording = wordRequest(random, code, slots, 'app', 0);
    expect(wording.attributes).toEqual({ building: '3栋', trapped_people: slots.n });
    expect(wording.description).toContain(`${slots.n}个人`);
  });

  it('asks the community, not a property company, where there is none', () => {
    const random = createRandom(8);
    const slots = slotsFor(random, 'property.corridor_light', scene('compound', false));
    expect(wordRequest(random, 'property.corridor_light', slots, 'app', 0).description).toContain('请社区');
  });

  it('words a duplicate close enough for the duplicate check, and a different problem not', () => {
    const random = createRandom(21);
    let close = 0;
    let apart = 0;
    for (const c of DEMO_CATEGORIES) {
      const slots = slotsFor(random, c.code, scene(whereOf(c.code), true));
      const first = wordRequest(random, c.code, slots, 'app', 0).description;
      const again = wordRequest(random, c.code, slots, 'hotline', 0, true).description;
      if (similarity(first, again) >= SIMILAR_THRESHOLD) close++;
      const other = wordRequest(random, c.code, slots, 'app', 1).description;
      if (similarity(first, other) < SIMILAR_THRESHOLD) apart++;
    }
    expect(close).toBe(DEMO_CATEGORIES.length);
    expect(apart).toBeGreaterThan(DEMO_CATEGORIES.length * 0.6);
  });

  it('has notes for every other hand in the loop', () => {
    const random = createRandom(2);
    for (const kind of HANDLER_KINDS) expect(returnReason(random, kind).length).toBeGreaterThan(5);
    expect(superviseNote(random, true)).not.toBe('');
    expect(extensionReason(random)).toMatch(/延期/);
    expect(ratingComment(random, 'unsatisfied')).not.toBeNull();
  });
});
