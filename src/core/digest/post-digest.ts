/**
 * Posting a digest thread exactly once. The claim row decides who posts; the
 * chosen papers are stored before anything is posted, so an interrupted digest
 * (crash, network error, rate limit) resumes with the same papers, in order,
 * in the same thread, posting only what is missing.
 */
import { randomUUID } from "node:crypto";
import type { Kysely } from "kysely";
import type { DigestOutcome } from "../api.js";
import type { ChatPlatform, DigestHeader, Logger } from "../ports.js";
import { shortDateLabel } from "../schedule/local-time.js";
import type { StoredChannel } from "../store/channels.js";
import {
  claimDigest,
  digestItems,
  finishDigest,
  releaseDigest,
  saveDigestEntry,
  saveDigestRoot,
  saveDigestSelection,
} from "../store/digests.js";
import { getPapers } from "../store/papers.js";
import type { Database } from "../store/schema.js";
import { tallies } from "../store/votes.js";
import type { ChannelRef, Paper } from "../types.js";

/** Long enough for a slow thread under rate limits; a crashed poster's claim frees itself after this. */
export const DIGEST_LEASE_MS = 5 * 60_000;

export interface PostDigestDeps {
  db: Kysely<Database>;
  now: () => Date;
  log: Logger;
  /** Picks the papers for a new digest (see choose-papers.ts). */
  choose: (channel: StoredChannel) => Promise<Paper[]>;
  announceNothingNew: boolean;
}

export const NOTHING_NEW_TEXT = "No new papers today. The next digest comes when there is something new to read.";

export async function postDigest(
  deps: PostDigestDeps,
  channel: StoredChannel,
  chat: ChatPlatform,
  localDate: string,
): Promise<DigestOutcome> {
  const { db } = deps;
  const ref: ChannelRef = { platform: channel.platform, workspace: channel.workspace, channel: channel.channel };
  const token = randomUUID();
  const lease = () => new Date(deps.now().getTime() + DIGEST_LEASE_MS);
  const claim = await claimDigest(db, {
    channelPk: channel.pk,
    localDate,
    token,
    now: deps.now(),
    leaseUntil: lease(),
  });

  if (claim.state === "held") return { status: "busy", localDate };
  if (claim.state === "done") {
    const { digest } = claim;
    return digest.status === "empty"
      ? { status: "nothing-new", localDate, noticePosted: false }
      : {
          status: "already-posted",
          localDate,
          root: digest.root_message_id
            ? { messageId: digest.root_message_id, threadId: digest.thread_id ?? undefined, permalink: digest.permalink ?? undefined }
            : undefined,
        };
  }

  const digest = claim.digest;
  try {
    let items = await digestItems(db, digest.id);
    if (items.length === 0) {
      const chosen = await deps.choose(channel);
      if (chosen.length === 0) {
        await finishDigest(db, digest.id, token, "empty", deps.now());
        if (deps.announceNothingNew) await chat.postNotice(ref, NOTHING_NEW_TEXT);
        return { status: "nothing-new", localDate, noticePosted: deps.announceNothingNew };
      }
      await saveDigestSelection(db, digest.id, chosen.map((paper) => paper.id));
      items = await digestItems(db, digest.id);
    }

    const papers = await getPapers(db, items.map((item) => item.paperId));
    const votes = await tallies(db, ref, [...papers.keys()]);
    const header: DigestHeader = {
      localDate,
      title: `Trending papers, ${shortDateLabel(localDate)}`,
      paperCount: items.length,
    };

    const root = digest.root_message_id
      ? { messageId: digest.root_message_id, threadId: digest.thread_id ?? undefined, permalink: digest.permalink ?? undefined }
      : await chat.postDigestRoot(ref, header);
    if (!digest.root_message_id) await saveDigestRoot(db, digest.id, token, root, lease());

    let posted = 0;
    for (const item of items) {
      if (item.messageId) continue;
      const paper = papers.get(item.paperId);
      if (!paper) continue;
      const message = await chat.postDigestEntry(ref, root, {
        position: item.position,
        paper,
        votes: votes.get(paper.id) ?? 0,
      });
      await saveDigestEntry(db, {
        digestId: digest.id,
        token,
        position: item.position,
        paperId: paper.id,
        message,
        platform: ref.platform,
        workspace: ref.workspace,
        channel: ref.channel,
        now: deps.now(),
        leaseUntil: lease(),
      });
      posted += 1;
    }
    await finishDigest(db, digest.id, token, "posted", deps.now());
    if (claim.state === "taken-over") {
      deps.log.info("resumed an interrupted digest", { channel: ref.channel, localDate, posted });
    }
    return { status: "posted", localDate, root, entries: items.length, resumed: claim.state === "taken-over" };
  } catch (error) {
    await releaseDigest(db, digest.id, token, deps.now()).catch(() => {});
    throw error;
  }
}
