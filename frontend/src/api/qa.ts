/** Questions, upvotes, tags and moderation calls. */
import { del, get, post, put, qs } from './http';
import { normQuestion, normQuestions, type Question, type Tag } from './types';

export interface ListFilters { status?: 'open' | 'answered' | 'all'; teamId?: string | null; search?: string; tagId?: string; dateFrom?: string; dateTo?: string }

export const listQuestions = async (f: ListFilters) =>
  normQuestions(await get(`/questions${qs({ ...f, teamId: f.teamId ?? undefined })}`));

/** One page of GET /questions with the server's total (at most 1000 counted: then `totalCapped`). */
export interface QuestionPage { questions: Question[]; total: number; page: number; pageSize: number; totalCapped: boolean }

export async function listQuestionPage(f: ListFilters & { page?: number; pageSize?: number; sort?: 'top' | 'newest' | 'oldest' | 'pinned' }): Promise<QuestionPage> {
  const r = await get<Partial<QuestionPage> & { questions?: unknown[] }>(`/questions${qs({ ...f, teamId: f.teamId ?? undefined })}`);
  const questions = normQuestions(r);
  return {
    questions, total: typeof r?.total === 'number' ? r.total : questions.length, page: r?.page ?? f.page ?? 1,
    pageSize: r?.pageSize ?? f.pageSize ?? questions.length, totalCapped: Boolean(r?.totalCapped),
  };
}

/** A count for display: "1000+" when the server stopped counting. */
export const countLabel = (n: number, capped = false) => (capped ? `${n}+` : String(n));

export const searchSimilar = async (q: string, teamId?: string | null) =>
  normQuestions(await get(`/questions/search${qs({ q, teamId: teamId ?? undefined })}`));

export const getQuestion = async (id: string) => normQuestion(await get(`/questions/${id}`));

export const createQuestion = async (body: string, teamId: string) => normQuestion(await post('/questions', { body, teamId }));

/** Upvote state for a whole list in one request. */
export async function upvoteStatus(ids: string[]): Promise<Record<string, boolean>> {
  if (!ids.length) return {};
  const r = await post<{ upvoted?: Record<string, boolean> }>('/questions/upvote-status', { questionIds: ids });
  return r?.upvoted ?? {};
}

export const upvote = async (id: string) => normQuestion(await post(`/questions/${id}/upvote`));
export const removeUpvote = (id: string) => del(`/questions/${id}/upvote`);

export const respond = async (id: string, response: string) => normQuestion(await post(`/questions/${id}/respond`, { response }));
export const togglePin = async (id: string) => normQuestion(await post(`/questions/${id}/pin`));
export const toggleFreeze = async (id: string) => normQuestion(await post(`/questions/${id}/freeze`));
export const addTag = (id: string, tagId: string) => post(`/questions/${id}/tags`, { tagId });
export const removeTag = (id: string, tagId: string) => del(`/questions/${id}/tags/${tagId}`);

export const listTags = async () => {
  const r = await get<Tag[] | { tags: Tag[] }>('/tags');
  return Array.isArray(r) ? r : (r?.tags ?? []);
};
export const createTag = (t: { name: string; color: string; description?: string }) => post<Tag>('/tags', t);
export const updateTag = (id: string, t: { name?: string; color?: string }) => put<Tag>(`/tags/${id}`, t);
export const deleteTag = (id: string) => del(`/tags/${id}`);

export async function reviewQueue(teamId?: string): Promise<Question[]> {
  return normQuestions(await get(`/admin/moderation/review-queue${qs({ teamId })}`));
}

export interface QueueFilters { status?: string; teamId?: string; isPinned?: string; isFrozen?: string; needsReview?: string; limit?: number; offset?: number }
export async function moderationQueue(f: QueueFilters) {
  const r = await get<{ questions: unknown[]; total: number; limit: number; offset: number }>(`/admin/moderation-queue${qs({ ...f })}`);
  return { questions: normQuestions(r?.questions ?? []), total: r?.total ?? 0, limit: r?.limit ?? 100, offset: r?.offset ?? 0 };
}

export const approve = (id: string) => post(`/admin/moderation/approve/${id}`);
export const reject = (id: string, reason: string) => post(`/admin/moderation/reject/${id}`, { reason: reason || undefined });

export interface BulkResult { successCount?: number; errorCount?: number; total?: number }
export const bulkTag = (questionIds: string[], tagId: string, action: 'add' | 'remove') =>
  post<BulkResult>('/admin/bulk-tag', { questionIds, tagId, action });
export const bulkAction = (questionIds: string[], action: string) => post<BulkResult>('/admin/bulk-action', { questionIds, action });

export interface PresentationState { active: boolean; questionId: string | null; teamId: string | null; startedAt?: string | null }
export const getPresentation = () => get<PresentationState>('/presentation');
export const startPresentation = (teamId: string | null) => post('/presentation/start', { teamId });
export const setPresenting = (questionId: string | null) => post('/presentation/current', { questionId });
export const stopPresentation = () => post('/presentation/stop');
