import { describe, expect, it } from 'vitest';
import { deriveRoles, initials } from './auth/roles';
import type { MyTeam, Role } from './api/types';
import { normQuestion } from './api/types';
import { toApiError } from './api/http';
import { chipColors, contrastRatio, effectivePalette, inkOn, readableOn, themeVariables, applyVariables } from './theme/apply';
import { THEMES } from './theme/themes';
import { changesOpenCount } from './live/OpenCountSync';
import { readPreference, resolveMode } from './theme/colorMode';
import { safeNext, slugProblem, slugify, switchTeamPath, tintForSlug } from './teams/slug';
import { backoffDelay, MAX_DELAY_MS, normEventType } from './live/backoff';
import { parseConfig } from './config';
import { savedOverrides } from './theme/SettingsContext';
import { segments } from './charts/Charts';
import { band } from './charts/score';
import { groupByWeek, mondayOf, sortQuestions, weekLabel } from './pages/Questions/weeks';
import { hasMorePages, matchesFilters, serverSort } from './pages/Questions/useQuestionList';
import { isGone, isResync } from './live/EventsContext';
import { countLabel } from './api/qa';
import { reminderDays } from './pages/Admin/PulseSchedule';

const team = (id: string, role: Role): MyTeam => ({ id, name: id, slug: id, userRole: role, isFavorite: false });

describe('role derivation', () => {
  it('admin anywhere is a global admin and may moderate every team', () => {
    const r = deriveRoles([team('a', 'member'), team('b', 'admin')]);
    expect(r.isGlobalAdmin).toBe(true);
    expect(r.isOwner).toBe(false);
    expect(r.canModerate('a')).toBe(true);
    expect(r.atLeast('admin')).toBe(true);
    expect(r.atLeast('owner')).toBe(false);
  });
  it('a moderator moderates only their team, and in `all` counts as moderator somewhere', () => {
    const r = deriveRoles([team('a', 'moderator'), team('b', 'member')]);
    expect(r.canModerate('a')).toBe(true);
    expect(r.canModerate('b')).toBe(false);
    expect(r.canModerate(null)).toBe(true);
    expect(r.atLeast('admin')).toBe(false);
    expect(r.moderatedTeams.map((t) => t.id)).toEqual(['a']);
  });
  it('no memberships means no elevated power', () => {
    const r = deriveRoles([]);
    expect(r.isGlobalAdmin).toBe(false);
    expect(r.canModerate(null)).toBe(false);
    expect(r.highest).toBeNull();
  });
  it('initials use at most two words', () => {
    expect(initials('Alice Mary Smith', 'a@x')).toBe('AM');
    expect(initials(null, 'bob.jones@x.dev')).toBe('BJ');
    expect(initials('Alice (Demo User)', 'a@x')).toBe('AD');
  });
});

describe('theme application', () => {
  it('writes every token as hex and rgb variables', () => {
    const vars = themeVariables(effectivePalette('executive-blue', 'light'));
    expect(vars['--color-primary']).toBe('#1E40AF');
    expect(vars['--rgb-primary']).toBe('30 64 175');
    expect(vars['--color-text-secondary']).toBe('#64748B');
    const set: Record<string, string> = {};
    applyVariables({ style: { setProperty: (k: string, v: string) => { set[k] = v; } } }, vars);
    expect(set['--color-border']).toBe('#E2E8F0');
  });
  it('unknown themes fall back to Refined Teal; branding overrides primary and accent', () => {
    expect(effectivePalette('nope', 'dark').primary).toBe('#14B8A6');
    const p = effectivePalette('modern-purple', 'light', { primaryColor: '#112233', accentColor: 'bad' });
    expect(p.primary).toBe('#112233');
    expect(p.accent).toBe('#F59E0B');
  });
  it('null branding colours are no override; any set colour is one', () => {
    expect(savedOverrides({ primaryColor: null, accentColor: null })).toEqual({ primaryColor: null, accentColor: null });
    expect(effectivePalette('modern-purple', 'light', savedOverrides({ primaryColor: null, accentColor: null })))
      .toEqual(effectivePalette('modern-purple', 'light'));
    expect(savedOverrides({ primaryColor: '#3b82f6', accentColor: '#10B981' })).toEqual({ primaryColor: '#3B82F6', accentColor: '#10B981' });
    expect(savedOverrides({ primaryColor: '#112233', accentColor: null }).primaryColor).toBe('#112233');
  });
  it('chooses readable text on primary colours', () => {
    expect(readableOn('#1E40AF')).toBe('#FFFFFF');
    expect(readableOn('#A78BFA')).not.toBe('#FFFFFF');
    expect(contrastRatio('#000000', '#FFFFFF')).toBeCloseTo(21, 0);
  });
  it('colour mode preference: stored value wins, else system', () => {
    expect(readPreference({ getItem: () => 'dark' })).toBe('dark');
    expect(readPreference({ getItem: () => null })).toBe('system');
    expect(resolveMode('system', true)).toBe('dark');
    expect(resolveMode('light', true)).toBe('light');
  });
});

describe('URL and team-slug helpers', () => {
  it('slugify follows the team-create rules', () => {
    expect(slugify('  Product & Design  Team ')).toBe('product-design-team');
    expect(slugify('A--B')).toBe('a-b');
  });
  it('reserved and malformed slugs are refused', () => {
    expect(slugProblem('admin')).toMatch(/reserved/);
    expect(slugProblem('Bad Slug')).toMatch(/lowercase/);
    expect(slugProblem('eng', ['eng'])).toMatch(/already/);
    expect(slugProblem('eng-2')).toBeNull();
  });
  it('switching team keeps the page kind', () => {
    expect(switchTeamPath('/eng/questions', '?view=answered&q=x', 'product')).toBe('/product/questions?view=answered');
    expect(switchTeamPath('/eng/pulse/dashboard', '', 'all')).toBe('/all/pulse/dashboard');
    expect(switchTeamPath('/eng', '', 'product')).toBe('/product');
    expect(switchTeamPath('/profile', '', 'product')).toBe('/product/dashboard');
  });
  it('context-bar tint is stable per slug', () => {
    expect(tintForSlug('engineering')).toBe('blue');
    expect(tintForSlug('all')).toBe('gray');
    expect(tintForSlug('sales')).toBe(tintForSlug('sales'));
  });
  it('next= only accepts local paths', () => {
    expect(safeNext('/eng/questions?view=open')).toBe('/eng/questions?view=open');
    expect(safeNext('//evil.example')).toBe('/');
    expect(safeNext('https://evil.example')).toBe('/');
  });
});

describe('SSE reconnect backoff', () => {
  it('grows exponentially and is capped', () => {
    expect(backoffDelay(0, 0.5)).toBe(1000);
    expect(backoffDelay(1, 0.5)).toBe(2000);
    expect(backoffDelay(3, 0.5)).toBe(8000);
    expect(backoffDelay(20, 0.999)).toBe(MAX_DELAY_MS);
  });
  it('jitter stays within ±20 %', () => {
    expect(backoffDelay(2, 0)).toBe(3200);
    expect(backoffDelay(2, 0.99)).toBeLessThanOrEqual(4800);
  });
  it('event names from either convention are normalised', () => {
    expect(normEventType('question:created')).toBe('question.created');
    expect(normEventType('presentation:stopped')).toBe('presentation.ended');
    expect(normEventType('question.answered')).toBe('question.answered');
  });
});

describe('data helpers', () => {
  it('runtime config falls back to defaults', () => {
    expect(parseConfig(null).title).toBe('PulseStage');
    expect(parseConfig({ profile: 'dev', auth: { demo: true, demoUsers: ['alice', 3] } }).auth.demoUsers).toEqual(['alice']);
  });
  it('questions are normalised and never gain an author', () => {
    const q = normQuestion({ id: '1', body: 'b', status: 'under_review', upvotes: '3', tags: [{ id: 't', name: 'x', color: '#000000' }] });
    expect(q.status).toBe('UNDER_REVIEW');
    expect(q.upvotes).toBe(3);
    expect(q.tags[0].tag.name).toBe('x');
    expect(q.author).toBeUndefined();
  });
  it('error bodies become messages and field errors', () => {
    const e = toApiError(400, 'Bad', { error: 'invalid', message: 'Check the form', fields: [{ field: 'body', rule: 'min', message: 'Too short' }] });
    expect(e.message).toBe('Check the form');
    expect(e.fieldMessage('body')).toBe('Too short');
    const m = toApiError(400, 'Bad', { error: 'Content does not meet community guidelines', reasons: ['spam'], moderationId: 'mod_1' });
    expect(m.reasons).toEqual(['spam']);
    expect(m.moderationId).toBe('mod_1');
    expect(toApiError(502, 'Bad Gateway', null).message).toBe('HTTP 502: Bad Gateway');
  });
  it('trend lines break at insufficient weeks', () => {
    const p = (avg: number | null) => ({ weekStart: '2025-01-06', average: avg, participation: 0, responseCount: 0, insufficient: avg === null });
    expect(segments([p(3), p(4), p(null), p(2)])).toEqual([[0, 1], [3]]);
  });
  it('NPS averages use halved bands', () => {
    expect(band(9.2, 'NPS_0_10').label).toBe('Excellent');
    expect(band(3.2, 'LIKERT_1_5').label).toBe('Fair');
  });
  it('weeks start on Monday and are labelled', () => {
    const now = new Date(2025, 2, 13); // Thu 13 Mar 2025
    expect(mondayOf(now).getDate()).toBe(10);
    expect(weekLabel(new Date(2025, 2, 10), now)).toBe('This Week');
    expect(weekLabel(new Date(2025, 2, 3), now)).toBe('Last Week');
    expect(weekLabel(new Date(2025, 1, 24), now)).toBe('Feb 24 - Mar 2');
    const qs = [normQuestion({ id: 'a', body: '', upvotes: 1, createdAt: '2025-03-11T10:00:00Z', status: 'answered', respondedAt: '2025-03-11T10:00:00Z' })];
    expect(groupByWeek(qs, now)[0].label).toBe('This Week');
  });
  it('pinned questions sort first', () => {
    const a = normQuestion({ id: 'a', body: '', upvotes: 9, createdAt: '2025-01-01' });
    const b = normQuestion({ id: 'b', body: '', upvotes: 1, createdAt: '2025-01-02', isPinned: true });
    expect(sortQuestions([a, b]).map((q) => q.id)).toEqual(['b', 'a']);
  });
});

describe('AA inks', () => {
  const hex = (rgb: string) => `#${rgb.split(' ').map((v) => Number(v).toString(16).padStart(2, '0')).join('')}`;
  it('keeps brand-coloured and secondary text at 4.5:1 on the page and on cards, for every theme and mode', () => {
    for (const t of THEMES) {
      for (const mode of ['light', 'dark'] as const) {
        const p = effectivePalette(t.name, mode);
        const v = themeVariables(p);
        for (const ink of [v['--rgb-primary-ink'], v['--rgb-text-secondary']]) {
          for (const bg of [p.background, p.surface]) expect(contrastRatio(hex(ink), bg)).toBeGreaterThanOrEqual(4.5);
        }
        expect(v['--color-primary']).toBe(p.primary); // the brand colour itself is untouched for fills
      }
    }
  });
  it('moves a colour only as far as needed', () => {
    expect(inkOn('#1E40AF', ['#FFFFFF'], '#000000')).toBe('#1E40AF');
    const teal = inkOn('#0D9488', ['#FFFFFF'], '#134E4A');
    expect(contrastRatio(teal, '#FFFFFF')).toBeGreaterThanOrEqual(4.5);
    expect(teal).not.toBe('#134E4A');
  });
  it('gives every tag chip readable text', () => {
    for (const c of ['#8B5CF6', '#F59E0B', '#10B981', '#3B82F6', '#EF4444', '#06B6D4', '#FFFFFF', '#000000']) {
      const chip = chipColors(c);
      expect(contrastRatio(chip.background, chip.color)).toBeGreaterThanOrEqual(4.5);
    }
  });
});

describe('team open counts', () => {
  it('are re-read after events that open or close questions, not after votes, pins or tags', () => {
    for (const t of ['question.created', 'question.answered', 'question.deleted', 'question.approved', 'question.rejected']) expect(changesOpenCount(t)).toBe(true);
    for (const t of ['question.upvoted', 'question.pinned', 'question.tagged', 'presentation.changed']) expect(changesOpenCount(t)).toBe(false);
  });
});

describe('live list events and paging', () => {
  it('reset and reconnection make every view read its data again; rejection and deletion remove', () => {
    expect(isResync('reset') && isResync('reconnected')).toBe(true);
    expect(isResync('question.created')).toBe(false);
    expect(isGone('question.rejected') && isGone('question.deleted')).toBe(true);
    expect(isGone('question.approved')).toBe(false);
    expect(changesOpenCount('reset')).toBe(true);
  });
  it('an approved question fits the open list', () => {
    const q = normQuestion({ id: 'q1', body: 'Approved question body', status: 'OPEN', teamId: 't1', createdAt: '2025-01-02T00:00:00.000Z' });
    const none = { search: '', tagId: '', dateFrom: '', dateTo: '', sort: 'top' };
    expect(matchesFilters(q, 't1', 'open', none)).toBe(true);
    expect(matchesFilters({ ...q, status: 'UNDER_REVIEW' }, 't1', 'open', none)).toBe(false);
  });
  it('pages follow the server total, and a capped total always has more', () => {
    expect(hasMorePages(1, 50, 120, false)).toBe(true);
    expect(hasMorePages(3, 50, 120, false)).toBe(false);
    expect(hasMorePages(20, 50, 1000, true)).toBe(true);
    expect(countLabel(1000, true)).toBe('1000+');
    expect(countLabel(7)).toBe('7');
    expect(serverSort('top')).toBe('pinned');
    expect(serverSort('oldest')).toBe('oldest');
  });
  it('the pulse reminder is off unless 1-6 days', () => {
    expect([null, 0, 7, '3', 2.5].map(reminderDays)).toEqual([null, null, null, null, null]);
    expect(reminderDays(3)).toBe(3);
  });
});
