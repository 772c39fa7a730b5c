/** Moderation queue: filters in the URL, approve/reject, answer, tag, pin, freeze, bulk (ui.md §10.3). */
import { useCallback, useEffect, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import {
  approve, bulkAction, bulkTag, listTags, moderationQueue, reject, reviewQueue, toggleFreeze, togglePin,
} from '../../api/qa';
import type { Question, Tag } from '../../api/types';
import { useUser } from '../../auth/UserContext';
import { AnswerDialog } from '../../components/AnswerDialog';
import { ErrorBox, Skeleton } from '../../components/Feedback';
import { LiveIndicator } from '../../components/LiveIndicator';
import { ConfirmDialog } from '../../components/Modal';
import { useToast } from '../../components/Toast';
import { setTitle } from '../../config';
import { isGone, isResync, useLiveEvents } from '../../live/EventsContext';
import { BulkBar } from './BulkBar';
import { QueueRow, type RowActions } from './QueueRow';
import { TagDialog } from './TagDialog';
import { useQueueKeys } from './useQueueKeys';

const LIMIT = 100;

export function ModerationQueuePage() {
  const [params, setParams] = useSearchParams();
  const { roles } = useUser();
  const toast = useToast();
  const status = params.get('status') ?? 'open';
  const teamId = params.get('team') ?? '';
  const pinned = params.get('pinned') ?? '';
  const frozen = params.get('frozen') ?? '';
  const offset = Number(params.get('offset') ?? 0);
  const [items, setItems] = useState<Question[]>([]);
  const [total, setTotal] = useState(0);
  const [tags, setTags] = useState<Tag[]>([]);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [busy, setBusy] = useState<Set<string>>(new Set());
  const [bulkBusy, setBulkBusy] = useState(false);
  const [rejecting, setRejecting] = useState<Question | null>(null);
  const [reason, setReason] = useState('');
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [answering, setAnswering] = useState<Question | null>(null);
  const [tagging, setTagging] = useState<Question | null>(null);

  useEffect(() => setTitle('Moderation Queue'), []);
  useEffect(() => { listTags().then(setTags).catch(() => setTags([])); }, []);

  const load = useCallback(async () => {
    setLoading(true);
    setError(null);
    try {
      if (status === 'under_review') {
        const l = await reviewQueue(teamId || undefined);
        setItems(l); setTotal(l.length);
      } else {
        const r = await moderationQueue({
          status: status === 'all' ? undefined : status, teamId: teamId || undefined,
          isPinned: pinned || undefined, isFrozen: frozen || undefined, limit: LIMIT, offset,
        });
        setItems(r.questions); setTotal(r.total);
      }
      setSelected(new Set());
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setLoading(false);
    }
  }, [status, teamId, pinned, frozen, offset]);
  useEffect(() => { void load(); }, [load]);

  const setFilter = (patch: Record<string, string>) => {
    const n = new URLSearchParams(params);
    for (const [k, v] of Object.entries(patch)) (v ? n.set(k, v) : n.delete(k));
    n.delete('offset');
    if ('offset' in patch && patch.offset) n.set('offset', patch.offset);
    setParams(n);
  };

  const matches = (q: Question) => (status === 'all' || q.status.toLowerCase() === status)
    && (!teamId || q.teamId === teamId) && (!pinned || String(Boolean(q.isPinned)) === pinned) && (!frozen || String(Boolean(q.isFrozen)) === frozen)
    && roles.canModerate(q.teamId ?? null);
  useLiveEvents((ev) => {
    if (isResync(ev.type)) { void load(); return; }
    const q = ev.question;
    const id = q?.id ?? (ev.data?.id as string | undefined);
    if (isGone(ev.type) && id) { setItems((l) => l.filter((x) => x.id !== id)); return; }
    if (!q) return;
    setItems((l) => {
      const has = l.some((x) => x.id === q.id);
      if (has) return matches(q) ? l.map((x) => (x.id === q.id ? { ...x, ...q } : x)) : l.filter((x) => x.id !== q.id);
      return (ev.type === 'question.created' || ev.type === 'question.approved') && matches(q) ? [q, ...l] : l;
    });
  });

  const withBusy = async (q: Question, fn: () => Promise<unknown>, ok?: string) => {
    setBusy((b) => new Set(b).add(q.id));
    try { await fn(); if (ok) toast.success(ok); } catch (e) { toast.error((e as Error).message); }
    finally { setBusy((b) => { const n = new Set(b); n.delete(q.id); return n; }); }
  };
  const replace = (q: Question) => setItems((l) => l.map((x) => (x.id === q.id ? { ...x, ...q } : x)));
  const actions: RowActions = {
    approve: (q) => void withBusy(q, async () => { await approve(q.id); setItems((l) => l.filter((x) => x.id !== q.id)); }, '✓ Question approved and published'),
    reject: (q) => { setReason(''); setRejecting(q); },
    pin: (q) => void withBusy(q, async () => replace(await togglePin(q.id))),
    freeze: (q) => void withBusy(q, async () => replace(await toggleFreeze(q.id))),
    answer: (q) => setAnswering(q),
    tag: (q) => setTagging(q),
  };
  const doReject = async () => {
    const q = rejecting!;
    setRejecting(null);
    await withBusy(q, async () => { await reject(q.id, reason.trim()); setItems((l) => l.filter((x) => x.id !== q.id)); }, '✗ Question rejected and removed');
  };
  const ids = [...selected];
  const report = (r: { successCount?: number; errorCount?: number } | null, what: string) => {
    const s = r?.successCount ?? ids.length;
    const f = r?.errorCount ?? 0;
    (f ? toast.error : toast.success)(`${what}: ${s} succeeded${f ? `, ${f} failed` : ''}`);
  };
  const runBulk = async (fn: () => Promise<{ successCount?: number; errorCount?: number } | null>, what: string) => {
    setBulkBusy(true);
    try { report(await fn(), what); await load(); } catch (e) { toast.error((e as Error).message); } finally { setBulkBusy(false); }
  };
  const focus = useQueueKeys(items, selected, setSelected, actions, !(rejecting || answering || tagging || confirmDelete));
  const row = (q: Question, i: number, card: boolean) => (
    <QueueRow key={q.id} q={q} card={card} focused={focus === i} selected={selected.has(q.id)} busy={busy.has(q.id)} actions={actions}
      onSelect={(v) => setSelected((s) => { const n = new Set(s); if (v) n.add(q.id); else n.delete(q.id); return n; })} />
  );
  const teamOptions = roles.moderatedTeams;

  return (
    <div className="page max-w-7xl">
      <div className="mb-4 flex flex-wrap items-center gap-3"><h1 className="h1">Moderation Queue</h1><LiveIndicator /></div>
      <p className="mb-4 muted">Manage questions across the teams you moderate. Shortcuts: j/k move, x select, a answer, t tag, p pin, f freeze.</p>
      <div className="card mb-4 grid gap-3 p-4 sm:grid-cols-3 lg:grid-cols-5">
        <label><span className="label">Status</span>
          <select className="input" value={status} onChange={(e) => setFilter({ status: e.target.value === 'open' ? '' : e.target.value })}>
            <option value="all">All</option><option value="open">Open</option><option value="answered">Answered</option><option value="under_review">Under Review</option>
          </select></label>
        <label><span className="label">Team</span>
          <select className="input" value={teamId} onChange={(e) => setFilter({ team: e.target.value })}>
            <option value="">All Teams</option>{teamOptions.map((t) => <option key={t.id} value={t.id}>{t.name}</option>)}
          </select></label>
        <label><span className="label">Pinned</span>
          <select className="input" value={pinned} onChange={(e) => setFilter({ pinned: e.target.value })} disabled={status === 'under_review'}>
            <option value="">All</option><option value="true">Pinned Only</option><option value="false">Unpinned Only</option>
          </select></label>
        <label><span className="label">Frozen</span>
          <select className="input" value={frozen} onChange={(e) => setFilter({ frozen: e.target.value })} disabled={status === 'under_review'}>
            <option value="">All</option><option value="true">Frozen Only</option><option value="false">Unfrozen Only</option>
          </select></label>
        <div className="flex items-end"><button type="button" className="btn-link" onClick={() => setParams(new URLSearchParams())}>Clear Filters</button></div>
      </div>
      {selected.size > 0 && (
        <BulkBar count={selected.size} tags={tags} busy={bulkBusy} onClear={() => setSelected(new Set())}
          onTag={(tagId, action) => void runBulk(() => bulkTag(ids, tagId, action), action === 'add' ? 'Tag added' : 'Tag removed')}
          onAction={(a) => (a === 'delete' ? setConfirmDelete(true) : void runBulk(() => bulkAction(ids, a), `Bulk ${a}`))} />
      )}
      {error ? <ErrorBox message={error} onRetry={() => void load()} /> : loading ? <Skeleton rows={5} /> : (
        <>
          <div className="card table-wrap hidden md:block" tabIndex={0} role="region" aria-label="Moderation queue">
            <table className="w-full">
              <thead><tr>
                <th className="th"><input type="checkbox" className="h-5 w-5" aria-label="Select all" checked={items.length > 0 && selected.size === items.length}
                  onChange={(e) => setSelected(e.target.checked ? new Set(items.map((q) => q.id)) : new Set())} /></th>
                <th className="th">Question</th><th className="th">Team</th><th className="th">Status</th><th className="th">Upvotes</th><th className="th">Tags</th><th className="th">Actions</th>
              </tr></thead>
              <tbody>
                {items.map((q, i) => row(q, i, false))}
                {!items.length && <tr><td colSpan={7} className="td py-8 text-center muted">No questions found matching your filters</td></tr>}
              </tbody>
            </table>
          </div>
          <ul className="space-y-3 md:hidden">{items.map((q, i) => row(q, i, true))}{!items.length && <li className="card p-6 text-center muted">No questions found matching your filters</li>}</ul>
          <div className="mt-3 flex flex-wrap items-center gap-3 text-sm muted">
            <span>{total > items.length ? `Showing ${offset + 1}–${offset + items.length} of ${total}` : `Showing ${items.length} question${items.length === 1 ? '' : 's'}`}{selected.size ? ` • ${selected.size} selected` : ''}</span>
            {total > LIMIT && (
              <span className="ml-auto flex gap-2">
                <button type="button" className="btn-secondary" disabled={offset === 0} onClick={() => setFilter({ offset: String(Math.max(0, offset - LIMIT)) })}>Previous</button>
                <button type="button" className="btn-secondary" disabled={offset + LIMIT >= total} onClick={() => setFilter({ offset: String(offset + LIMIT) })}>Next</button>
              </span>
            )}
          </div>
        </>
      )}
      {rejecting && (
        <ConfirmDialog title="Reject question?" destructive confirmLabel="Reject" onCancel={() => setRejecting(null)} onConfirm={() => void doReject()}
          message="The question will be removed and its author told it was not approved. This cannot be undone.">
          <label className="block"><span className="label">Reason (optional, sent to the author)</span>
            <textarea className="input" rows={3} value={reason} onChange={(e) => setReason(e.target.value)} maxLength={500} /></label>
        </ConfirmDialog>
      )}
      {confirmDelete && (
        <ConfirmDialog title="Delete questions?" destructive confirmLabel={`Delete ${selected.size}`} onCancel={() => setConfirmDelete(false)}
          onConfirm={() => { setConfirmDelete(false); void runBulk(() => bulkAction(ids, 'delete'), 'Deleted'); }}
          message={`Delete ${selected.size} question${selected.size === 1 ? '' : 's'}? This cannot be undone.`} />
      )}
      {answering && <AnswerDialog q={answering} onClose={() => setAnswering(null)} onDone={() => { setAnswering(null); toast.success('Answer published'); void load(); }} />}
      {tagging && <TagDialog q={tagging} tags={tags} onClose={() => setTagging(null)} onDone={() => { setTagging(null); void load(); }} />}
    </div>
  );
}
