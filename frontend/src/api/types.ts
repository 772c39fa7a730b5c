/** JSON shapes from spec/api.md, read tolerantly (the backend lands in stages). */

export type Role = 'viewer' | 'member' | 'moderator' | 'admin' | 'owner';
export type QuestionStatus = 'OPEN' | 'ANSWERED' | 'UNDER_REVIEW';

export interface Team {
  id: string; name: string; slug: string; description?: string | null; isActive?: boolean;
  createdAt?: string; _count?: { questions?: number; memberships?: number }; memberCount?: number;
}

export interface MyTeam extends Team { userRole: Role; isFavorite: boolean; isDefault?: boolean }

export interface Tag { id: string; name: string; description?: string | null; color: string; createdAt?: string; usageCount?: number; isSystem?: boolean }

export interface QuestionTag { id?: string; tagId: string; createdAt?: string; tag: Tag }

export interface Question {
  id: string; body: string; upvotes: number; status: QuestionStatus;
  responseText?: string | null; respondedAt?: string | null; createdAt: string; updatedAt?: string;
  teamId?: string | null; team?: Team | null; tags: QuestionTag[];
  isPinned?: boolean; isFrozen?: boolean; reviewedAt?: string | null;
  moderationReasons?: string[]; moderationConfidence?: string | null;
  authorId?: string | null; author?: { id: string; name?: string | null; email?: string } | null;
  hasUpvoted?: boolean; message?: string;
}

export interface Me {
  id: string; email: string; name?: string | null; tenantId?: string; tenantSlug?: string;
  primaryTeamId?: string | null; primaryTeam?: Team | null; isActive?: boolean;
  authProvider?: string; isDemo?: boolean;
  teams?: unknown; preferences?: { favoriteTeams?: string[]; emailNotifications?: boolean } | null;
}

export interface PulseInvite { id: string; token: string; questionId: string; questionText: string; scale: string; expiresAt: string; createdAt: string }

export interface TrendPoint { weekStart: string; average: number | null; participation: number | null; responseCount: number; insufficient: boolean }

export interface PulseQuestionSummary {
  questionId: string; questionText: string; category: string | null; scale: string;
  overallAverage: number | null; insufficient: boolean; trend: TrendPoint[];
}

export interface PulseSummary {
  anonThreshold: number;
  summary: { overallTrend: TrendPoint[]; participationRate: number | null; totalResponses: number; totalInvites: number };
  questions: PulseQuestionSummary[];
  heatmap: Record<string, Record<string, { average: number | null; insufficient: boolean }>>;
}

const STATUS: Record<string, QuestionStatus> = { open: 'OPEN', answered: 'ANSWERED', under_review: 'UNDER_REVIEW' };

/** Normalise a question: status in upper case, tags as QuestionTag[], never an author unless present. */
export function normQuestion(raw: unknown): Question {
  const q = { ...(raw as Record<string, unknown>) } as unknown as Question & Record<string, unknown>;
  q.status = STATUS[String(q.status ?? 'open').toLowerCase()] ?? 'OPEN';
  const tags = Array.isArray(q.tags) ? (q.tags as unknown[]) : [];
  q.tags = tags.map((t) => {
    const o = t as Record<string, unknown>;
    if (o.tag) return o as unknown as QuestionTag;
    return { tagId: String(o.id), tag: o as unknown as Tag, createdAt: o.createdAt as string };
  });
  q.upvotes = Number(q.upvotes ?? 0);
  return q;
}

export const normQuestions = (raw: unknown): Question[] => {
  const list = Array.isArray(raw) ? raw : ((raw as { questions?: unknown[] })?.questions ?? []);
  return list.map(normQuestion);
};

export const ROLE_LEVEL: Record<Role, number> = { viewer: 0, member: 1, moderator: 2, admin: 3, owner: 4 };

export function normRole(r: unknown): Role {
  const s = String(r ?? 'member').toLowerCase();
  return (s in ROLE_LEVEL ? s : 'member') as Role;
}
