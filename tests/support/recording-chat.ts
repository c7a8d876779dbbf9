/**
 * A chat service that keeps what it is sent: it stands in for Slack or Discord
 * where a test cares about what a channel would see (which threads were
 * opened, which papers landed in them, in what order), not about a platform's
 * wire format. It can be told to fail, the way a real service does mid-thread
 * (network error, rate limit), on the Nth post or for one channel.
 */
import type { ChatPlatform, Clock, DigestEntry, DigestHeader, PostedMessage } from "../../src/core/ports.js";
import type { ChannelRef, Platform } from "../../src/core/types.js";

interface Posted {
  channel: ChannelRef;
  message: PostedMessage;
  /** The clock's time when the post went through. */
  at: Date;
}

export type RecordedPost =
  | (Posted & { kind: "root"; header: DigestHeader })
  | (Posted & { kind: "entry"; thread: PostedMessage; entry: DigestEntry })
  | (Posted & { kind: "notice"; text: string });

export interface RecordingChat extends ChatPlatform {
  /** Every post that went through, in order (failed attempts are not here). */
  readonly posts: RecordedPost[];
  /** Attempts made, failed ones included. */
  readonly attempts: number;
  /** The Nth post attempt from now (1 = the next one) fails once with `error`. */
  failOnPost(n: number, error?: Error): void;
  /** Every post to this channel id fails until `recover` is called. */
  failChannel(channelId: string, error?: Error): void;
  recover(): void;
  /** Digest roots posted to a channel, oldest first. */
  roots(channelId?: string): Array<Extract<RecordedPost, { kind: "root" }>>;
  /** Entries posted into a thread, in the order they were posted. */
  entriesIn(thread: PostedMessage): Array<Extract<RecordedPost, { kind: "entry" }>>;
  notices(channelId?: string): Array<Extract<RecordedPost, { kind: "notice" }>>;
}

// Message ids are unique across every recording chat, as a platform's are, so two
// processes posting through two chats never hand the store the same id.
let nextId = 1;

export function createRecordingChat(
  platform: Platform = "shell",
  options: { clock?: Clock } = {},
): RecordingChat {
  const clock = options.clock ?? { now: () => new Date() };
  const posts: RecordedPost[] = [];
  let attempts = 0;
  let failAt: { attempt: number; error: Error } | undefined;
  const failingChannels = new Map<string, Error>();

  const attempt = (channel: ChannelRef): PostedMessage => {
    attempts += 1;
    if (failAt && attempts === failAt.attempt) {
      const { error } = failAt;
      failAt = undefined;
      throw error;
    }
    const channelError = failingChannels.get(channel.channel);
    if (channelError) throw channelError;
    const messageId = `${channel.channel}-m${nextId++}`;
    return { messageId };
  };

  const chat: RecordingChat = {
    platform,
    posts,
    get attempts() {
      return attempts;
    },
    async postDigestRoot(channel, header) {
      const message = { ...attempt(channel) };
      message.threadId = message.messageId;
      posts.push({ kind: "root", channel, message, at: clock.now(), header });
      return message;
    },
    async postDigestEntry(channel, thread, entry) {
      const message = { ...attempt(channel), threadId: thread.threadId ?? thread.messageId };
      posts.push({ kind: "entry", channel, message, at: clock.now(), thread, entry });
      return message;
    },
    async postNotice(channel, text) {
      const message = attempt(channel);
      posts.push({ kind: "notice", channel, message, at: clock.now(), text });
      return message;
    },
    failOnPost(n, error = new Error(`chat service unavailable (post ${attempts + n} refused)`)) {
      failAt = { attempt: attempts + n, error };
    },
    failChannel(channelId, error = new Error(`channel ${channelId} is unreachable`)) {
      failingChannels.set(channelId, error);
    },
    recover() {
      failAt = undefined;
      failingChannels.clear();
    },
    roots(channelId) {
      return posts.filter(
        (post): post is Extract<RecordedPost, { kind: "root" }> =>
          post.kind === "root" && (channelId === undefined || post.channel.channel === channelId),
      );
    },
    entriesIn(thread) {
      const threadId = thread.threadId ?? thread.messageId;
      return posts.filter(
        (post): post is Extract<RecordedPost, { kind: "entry" }> =>
          post.kind === "entry" && (post.thread.threadId ?? post.thread.messageId) === threadId,
      );
    },
    notices(channelId) {
      return posts.filter(
        (post): post is Extract<RecordedPost, { kind: "notice" }> =>
          post.kind === "notice" && (channelId === undefined || post.channel.channel === channelId),
      );
    },
  };
  return chat;
}
