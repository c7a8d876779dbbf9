/**
 * The core assembled: the store, the search index and the rules, behind the
 * `Paperboy` face that commands, adapters and the scheduler use. Nothing here
 * knows which chat platform asked.
 */
import type { Kysely } from "kysely";
import type { ChannelChanges, DigestOutcome, IngestReport, Paperboy, VoteOutcome } from "./api.js";
import { choosePapers } from "./digest/choose-papers.js";
import { postDigest } from "./digest/post-digest.js";
import { normaliseArxivId } from "./paper-id.js";
import type { ChatPlatform, Clock, Logger, PaperSource, PostedMessage } from "./ports.js";
import { addDays, localDate, localMinutes, nextPostAt, parseClockTime, zonedInstant } from "./schedule/local-time.js";
import type { PaperIndex, ParsedQuery } from "./search/index.js";
import { type StoredChannel, ensureChannel, findChannel, saveChannel, subscribedChannels } from "./store/channels.js";
import { paperForMessage, postedPaperIds, savePaperMessage, settledDigests } from "./store/digests.js";
import { allPapers, freshAt, freshPapers, getPapers, papersChangedSince, upsertPapers } from "./store/papers.js";
import type { Database } from "./store/schema.js";
import { addVote, removeVote, tallies } from "./store/votes.js";
import { type TrendingParams, rankByTrending, trendingScore } from "./trending.js";
import type { ChannelRef, ChannelSettings, Paper, PaperView, Platform, TeamScope, TopPeriod, VoteInput } from "./types.js";

export interface CoreConfig {
  trending: TrendingParams;
  digest: {
    defaultTime: string;
    defaultTimezone: string;
    defaultSize: number;
    /** How far back a paper still counts as new for a digest. */
    windowHours: number;
    /** Post a one-line notice when there is nothing new, or stay silent. */
    announceNothingNew: boolean;
  };
}

export interface PaperboyDeps {
  db: Kysely<Database>;
  index: PaperIndex;
  clock: Clock;
  log: Logger;
  config: CoreConfig;
  /** Read every stored paper into the index now (default). One-shot commands that only write skip it. */
  loadIndex?: boolean;
}

const HOUR_MS = 3_600_000;
const PERIOD_HOURS: Record<TopPeriod, number> = { day: 24, week: 7 * 24, month: 30 * 24 };
/** Processes' clocks differ a little; re-reading a slightly earlier window costs little and misses nothing. */
const REFRESH_OVERLAP_MS = 2 * 60_000;
const CANDIDATE_CACHE_MS = 60_000;
const FOREIGN_KEY_VIOLATION = "23503";

/** Builds the core and loads the search index from the store. */
export async function createPaperboy(deps: PaperboyDeps): Promise<Paperboy> {
  const { db, index, clock, log, config } = deps;
  const now = () => clock.now();

  // Changes are re-read from a little before the previous look, so a write that committed late is not missed.
  let lastLook = now();
  if (deps.loadIndex ?? true) {
    // The next page is read while this one is indexed, so the database and the CPU work at once.
    const pages = allPapers(db);
    let next = pages.next();
    for (;;) {
      const page = await next;
      if (page.done) break;
      next = pages.next();
      index.upsert(page.value);
    }
  }

  // Digest candidates are the same for every channel within a minute; 1,000 channels need one read, not 1,000.
  let candidates: { at: number; windowStart: number; papers: Promise<Paper[]> } | undefined;
  function freshCandidates(at: Date): Promise<Paper[]> {
    const windowStart = at.getTime() - config.digest.windowHours * HOUR_MS;
    if (!candidates || Math.abs(at.getTime() - candidates.at) > CANDIDATE_CACHE_MS) {
      candidates = { at: at.getTime(), windowStart, papers: freshPapers(db, new Date(windowStart)) };
      candidates.papers.catch(() => {
        candidates = undefined;
      });
    }
    const start = windowStart;
    return candidates.papers.then((papers) => papers.filter((paper) => freshAt(paper).getTime() >= start));
  }

  async function toViews(papers: readonly Paper[], scope: TeamScope, snippets?: ReadonlyMap<string, string>): Promise<PaperView[]> {
    const votes = await tallies(db, scope, papers.map((paper) => paper.id));
    const at = now();
    return papers.map((paper) => {
      const teamVotes = votes.get(paper.id) ?? 0;
      return {
        paper,
        votes: teamVotes,
        score: trendingScore(
          { teamVotes, sourceUpvotes: paper.sourceUpvotes, ageHours: (at.getTime() - freshAt(paper).getTime()) / HOUR_MS },
          config.trending,
        ),
        snippet: snippets?.get(paper.id),
      };
    });
  }

  function channelDefaults() {
    return {
      digestTime: config.digest.defaultTime,
      timezone: config.digest.defaultTimezone,
      digestSize: config.digest.defaultSize,
      topics: [] as string[],
    };
  }

  async function changeVote(input: VoteInput, change: typeof addVote): Promise<VoteOutcome> {
    try {
      return { paperId: input.paperId, ...(await change(db, input)) };
    } catch (error) {
      // A vote for a paper we do not have (a forged or stale button) changes nothing.
      if ((error as { code?: string }).code === FOREIGN_KEY_VIOLATION) return { paperId: input.paperId, votes: 0, changed: false };
      throw error;
    }
  }

  /**
   * When the scheduler will really post next, matching `dueChannels`: tomorrow when today's digest is
   * already out (posted by hand, say), right away when today's time has passed without one, else today.
   */
  async function nextDigestAt(channel: StoredChannel): Promise<Date> {
    const at = now();
    const today = localDate(at, channel.timezone);
    const settled = await settledDigests(db, [{ channelPk: channel.pk, localDate: today }], at);
    if (settled.has(channel.pk)) return zonedInstant(addDays(today, 1), parseClockTime(channel.digestTime) ?? 0, channel.timezone);
    if (localMinutes(at, channel.timezone) >= (parseClockTime(channel.digestTime) ?? 0)) return at;
    return nextPostAt(at, channel.digestTime, channel.timezone);
  }

  return {
    async searchPapers(query: ParsedQuery, scope: TeamScope, options = {}): Promise<PaperView[]> {
      const hits = await index.search(query, options.limit ?? 10);
      const papers = await getPapers(db, hits.map((hit) => hit.id));
      const found = hits.map((hit) => papers.get(hit.id)).filter((paper): paper is Paper => paper !== undefined);
      return toViews(found, scope, new Map(hits.map((hit) => [hit.id, hit.snippet])));
    },

    async suggestTitles(prefix: string, limit: number) {
      return index.suggest(prefix, limit);
    },

    async topPapers(period: TopPeriod, scope: TeamScope, limit = 10): Promise<PaperView[]> {
      const at = now();
      const recent = await freshPapers(db, new Date(at.getTime() - PERIOD_HOURS[period] * HOUR_MS));
      const votes = await tallies(db, scope);
      const ranked = rankByTrending(
        recent.map((paper) => ({
          id: paper.id,
          paper,
          teamVotes: votes.get(paper.id) ?? 0,
          sourceUpvotes: paper.sourceUpvotes,
          freshAt: freshAt(paper),
        })),
        at,
        config.trending,
        limit,
      );
      return ranked.map((item) => ({ paper: item.paper, votes: item.teamVotes, score: item.score }));
    },

    async getPaper(id: string, scope: TeamScope): Promise<PaperView | undefined> {
      const key = normaliseArxivId(id) ?? id.trim();
      const paper = (await getPapers(db, [key])).get(key);
      return paper ? (await toViews([paper], scope))[0] : undefined;
    },

    async getChannel(channel: ChannelRef): Promise<ChannelSettings | undefined> {
      // The row's key is the store's business; callers get the settings the contract promises.
      const stored = await findChannel(db, channel);
      if (!stored) return undefined;
      const { pk: _pk, ...plain } = stored;
      return plain;
    },

    async subscribe(channel: ChannelRef, changes: ChannelChanges) {
      const existing = await findChannel(db, channel);
      const base = existing ?? { ...channel, ...channelDefaults() };
      const settings: ChannelSettings = {
        platform: channel.platform,
        workspace: channel.workspace,
        channel: channel.channel,
        digestTime: changes.digestTime ?? base.digestTime,
        timezone: changes.timezone ?? base.timezone,
        digestSize: changes.digestSize ?? base.digestSize,
        topics: changes.topics ?? base.topics,
        enabled: true,
      };
      const saved = await saveChannel(db, settings);
      const { pk: _pk, ...plain } = saved;
      return { settings: plain, nextPostAt: await nextDigestAt(saved) };
    },

    async unsubscribe(channel: ChannelRef): Promise<boolean> {
      const existing = await findChannel(db, channel);
      if (!existing?.enabled) return false;
      await saveChannel(db, { ...existing, enabled: false });
      return true;
    },

    async dueChannels(at: Date, platforms: readonly Platform[]): Promise<ChannelSettings[]> {
      const subscribed = await subscribedChannels(db, platforms);
      const timeHasCome = subscribed.filter(
        (channel) => localMinutes(at, channel.timezone) >= (parseClockTime(channel.digestTime) ?? 0),
      );
      const settled = await settledDigests(
        db,
        timeHasCome.map((channel) => ({ channelPk: channel.pk, localDate: localDate(at, channel.timezone) })),
        at,
      );
      return timeHasCome.filter((channel) => !settled.has(channel.pk)).map(({ pk: _pk, ...plain }) => plain);
    },

    async postDigest(channel: ChannelRef, chat: ChatPlatform, options = {}): Promise<DigestOutcome> {
      const stored = await ensureChannel(db, channel, channelDefaults());
      const date = options.localDate ?? localDate(now(), stored.timezone);
      return postDigest(
        {
          db,
          now,
          log,
          announceNothingNew: config.digest.announceNothingNew,
          choose: async (target) => {
            const at = now();
            const [fresh, votes, posted] = await Promise.all([
              freshCandidates(at),
              tallies(db, target),
              postedPaperIds(db, target.pk),
            ]);
            return choosePapers({
              candidates: fresh,
              votes,
              alreadyPosted: posted,
              topics: target.topics,
              size: target.digestSize,
              now: at,
              trending: config.trending,
            });
          },
        },
        stored,
        chat,
        date,
      );
    },

    async recordPaperMessage(channel: ChannelRef, paperId: string, message: PostedMessage): Promise<void> {
      await savePaperMessage(db, { ...channel, paperId, messageId: message.messageId });
    },

    findPaperByMessage: (platform: Platform, messageId: string) => paperForMessage(db, platform, messageId),

    vote: (input: VoteInput) => changeVote(input, addVote),
    unvote: (input: VoteInput) => changeVote(input, removeVote),

    async voteCount(paperId: string, scope: TeamScope): Promise<number> {
      return (await tallies(db, scope, [paperId])).get(paperId) ?? 0;
    },

    async ingest(source: PaperSource, options = {}): Promise<IngestReport> {
      const report: IngestReport = { source: source.name, read: 0, inserted: 0, updated: 0, skipped: 0, warnings: [] };
      const warn = (message: string) => {
        report.skipped += 1;
        report.warnings.push(message);
        log.warn(message, { source: source.name });
      };
      try {
        for await (const batch of source.fetch({ warn })) {
          report.read += batch.length;
          const stored = await upsertPapers(db, batch, now());
          index.upsert(stored.changed);
          report.inserted += stored.inserted;
          report.updated += stored.updated;
          options.onProgress?.({ ...report });
        }
      } catch (error) {
        // Returned, not logged: the caller (scheduler, ingest command, start-up) reports it once in its own words.
        report.error = error instanceof Error ? error.message : String(error);
      }
      if (report.inserted + report.updated > 0) candidates = undefined;
      return report;
    },

    async refreshIndex(): Promise<number> {
      const look = now();
      const papers = await papersChangedSince(db, new Date(lastLook.getTime() - REFRESH_OVERLAP_MS));
      lastLook = look;
      index.upsert(papers);
      if (papers.length > 0) candidates = undefined;
      return papers.length;
    },
  };
}
