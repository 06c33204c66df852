/** Help pagination and the plain-words descriptions help uses: pure functions, no Discord. */
import { describe, expect, it } from 'vitest';
import { describeCooldown, formatDuration, optionFacts } from '../../runtime/help/describe.js';
import { MAX_PAGE_CHARS, paginate, type HelpDocument } from '../../runtime/help/pages.js';
import { command, option } from './fixtures/specs.js';

const lines = (n: number, width = 40) => Array.from({ length: n }, (_, i) => `${String(i).padStart(3, '0')} ${'x'.repeat(width)}`);

describe('paginate', () => {
  it('GIVEN a short document THEN one page, without a page footer, in text and embed form', () => {
    const doc: HelpDocument = { title: 'T', blocks: [{ lines: ['About.'] }, { heading: 'Usage', lines: ['`!t`'] }] };
    const [page, ...rest] = paginate(doc, 1000, 0x123456);
    expect(rest).toEqual([]);
    expect(page!.text).toBe('**T**\n\nAbout.\n\n__Usage__\n`!t`');
    expect(page!.embed).toEqual({ title: 'T', description: 'About.', fields: [{ name: 'Usage', value: '`!t`' }], color: 0x123456 });
  });

  it('GIVEN a long block THEN it is split at lines, every line kept once, the heading repeated, each page near the limit', () => {
    const all = lines(100);
    const pages = paginate({ title: 'Long', blocks: [{ heading: 'Commands', lines: all }] }, 500);
    expect(pages.length).toBeGreaterThan(5);
    const seen = pages.flatMap((p) => p.embed.fields!.flatMap((f) => f.value.split('\n')));
    expect(seen).toEqual(all);
    pages.forEach((p, i) => {
      expect(p.text.length).toBeLessThanOrEqual(500 + 60); // title, heading and footer come on top of the lines
      expect(p.text).toContain('__Commands__');
      expect(p.embed.footer?.text).toBe(`Page ${i + 1}/${pages.length}`);
    });
  });

  it('GIVEN a limit beyond what Discord allows THEN pages and embed fields stay within Discord limits', () => {
    const pages = paginate({ title: 'Huge', blocks: [{ heading: 'A', lines: lines(400, 60) }] }, 100_000);
    for (const page of pages) {
      expect(page.text.length).toBeLessThanOrEqual(2000);
      for (const field of page.embed.fields ?? []) expect(field.value.length).toBeLessThanOrEqual(1024);
    }
    expect(MAX_PAGE_CHARS).toBeLessThan(2000);
  });

  it('GIVEN an empty document THEN one page with just the title', () => {
    expect(paginate({ title: 'Empty', blocks: [] }, 1000).map((p) => p.text)).toEqual(['**Empty**']);
  });
});

describe('descriptions', () => {
  it('formats durations in their largest units', () => {
    expect([formatDuration(500), formatDuration(10_000), formatDuration(5_400_000), formatDuration(90_061_000)]).toEqual(['500ms', '10s', '1h30m', '1d1h1m1s']);
  });

  it('describes cooldowns per bucket and option facts', () => {
    expect(describeCooldown(command('x', { cooldown: { rate: 1, perMs: 60_000, bucket: 'guild' } }))).toBe('1 use per 1m per server');
    expect(describeCooldown(command('x'))).toBeUndefined();
    expect(optionFacts(option('n', 'integer', { required: false, default: 6, min: 1, max: 20 }))).toBe('integer, optional, default 6, at least 1, at most 20');
    expect(optionFacts(option('t', 'duration', { min: 60_000 }))).toBe('duration, at least 1m');
    expect(optionFacts(option('who', 'member', { union: ['member', 'role'], list: { min: 1, max: 5 } }))).toBe('member or role, 1 to 5 values');
  });
});
