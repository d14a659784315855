import { z } from 'zod';
import { evaluationContentSchema } from '../evaluation/contents';
import { defineEvent } from './define';

/** The data of a `DossierRated` written with schema version 1 (before 2026-11): the DVCQG vote as an optional boolean. */
export interface DossierRatedV1 {
  channel: 'paper' | 'kiosk' | 'online' | 'survey' | 'dvcqg';
  /** `content` (NĐ 118/2025 Đ33) was added to version 1 as an optional field, without a bump: version 2 keeps it as it is. */
  ratings: { criterion: string; level: string; content?: z.output<typeof evaluationContentSchema> }[];
  /** `true` like, `false` dislike, absent: no vote. */
  like?: boolean;
}

/**
 * Citizen rating per criterion (đánh giá mức độ hài lòng).
 *
 * Schema version 2: the DVCQG vote is `vote: 'like' | 'dislike'` (absent: no
 * vote) — version 1 had `like?: boolean`, where `false` meant a dislike and
 * was easy to read as "no vote". Version 1 events are read as version 2 by
 * the upcaster below (`packages/core/test/upcast-fixture.test.ts` reads a log
 * written by version 1).
 */
export const DossierRated = defineEvent({
  version: 2,
  schema: z.object({
    channel: z.enum(['paper', 'kiosk', 'online', 'survey', 'dvcqg']),
    /** `content`: the NĐ 118/2025 Đ33 content (a–i) the answer evaluates; absent in older logs and free-criterion forms. */
    ratings: z.array(z.object({ criterion: z.string().min(1), level: z.string().min(1), content: evaluationContentSchema.optional() })).min(1),
    /** DVCQG like/dislike (766 indicators 5.3, 5.4); absent when the citizen did not vote. */
    vote: z.enum(['like', 'dislike']).optional(),
  }),
  upcast: {
    1: ({ like, ...rest }: DossierRatedV1) => ({ ...rest, ...(like === undefined ? {} : { vote: like ? ('like' as const) : ('dislike' as const) }) }),
  },
  writes: ['ratings'],
  evolve: (draft, data, at) => void draft.ratings.push({ at, channel: data.channel, ratings: data.ratings, ...(data.vote !== undefined ? { like: data.vote === 'like' } : {}) }),
  label: { vi: 'Đánh giá mức độ hài lòng', en: 'Rated' },
});

/** Feedback/petition about this dossier (phản ánh, kiến nghị). */
export const PetitionFiled = defineEvent({
  schema: z.object({ petitionId: z.string().min(1), content: z.string().min(1), channel: z.string().min(1) }),
  writes: ['petitions'],
  evolve: (d, data, at) => void d.petitions.push({ id: data.petitionId, filedAt: at }),
  label: { vi: 'Phản ánh, kiến nghị', en: 'Petition filed' },
});

export const PetitionAnswered = defineEvent({
  schema: z.object({ petitionId: z.string().min(1), outcome: z.enum(['accepted', 'rejected', 'resolved']), late: z.boolean() }),
  writes: ['petitions.each'],
  evolve: (draft, data, at) => {
    const petition = draft.petitions.find((x) => x.id === data.petitionId);
    if (!petition) return;
    petition.answeredAt = at;
    petition.outcome = data.outcome;
    petition.late = data.late;
  },
  label: { vi: 'Trả lời phản ánh, kiến nghị', en: 'Petition answered' },
});

/** Status synchronised to the national portal (766 indicator 1.4). */
export const PortalSynced = defineEvent({
  schema: z.object({ portal: z.enum(['dvcqg']), nationalStatus: z.number().int().min(1).max(10) }),
  writes: [],
  evolve: (d) => void (d.portalSyncs += 1),
  label: { vi: 'Đồng bộ trạng thái lên Cổng DVCQG', en: 'Status synced to DVCQG' },
});
