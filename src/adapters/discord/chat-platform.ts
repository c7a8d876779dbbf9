/**
 * Discord's side of the digest: a root message in the channel, a public
 * thread started on it, one message per paper in the thread. The core decides
 * what to post and remembers the ids; this file only posts, and turns the
 * ways Discord can refuse (forum channels, missing permissions, thread
 * creation refused) into one clear sentence a server admin can act on.
 */
import {
  ChannelType,
  DiscordAPIError,
  PermissionFlagsBits,
  ThreadAutoArchiveDuration,
  type Client,
  type Message,
  type NewsChannel,
  type TextChannel,
} from "discord.js";
import { UserFacingError } from "../../core/errors.js";
import type { ChatPlatform, DigestEntry, DigestHeader, PostedMessage } from "../../core/ports.js";
import type { ChannelRef } from "../../core/types.js";
import { digestThreadName, neutralisePings, renderDigestEntry, renderDigestRoot, type DiscordMessage } from "./render.js";

/** A refusal a person can fix; the message is written for the server admin who will read it, and the command layer shows it. */
export class DiscordPostError extends UserFacingError {
  override name = "DiscordPostError";
  constructor(
    message: string,
    readonly code: "forum-channel" | "unsupported-channel" | "missing-permissions" | "thread-refused" | "unknown-channel",
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** What the bot needs in a channel to open a digest thread there. */
const THREAD_PERMISSIONS: ReadonlyArray<[bigint, string]> = [
  [PermissionFlagsBits.ViewChannel, "View Channel"],
  [PermissionFlagsBits.SendMessages, "Send Messages"],
  [PermissionFlagsBits.EmbedLinks, "Embed Links"],
  [PermissionFlagsBits.CreatePublicThreads, "Create Public Threads"],
  [PermissionFlagsBits.SendMessagesInThreads, "Send Messages in Threads"],
];

/** Discord error codes that mean "you may not do that here", as opposed to an outage. */
const REFUSAL_CODES = new Set([50001, 50013, 50008, 50024, 160004, 160002]);

type ThreadHome = TextChannel | NewsChannel;

export interface DiscordChatPlatform extends ChatPlatform {
  /** Checks a channel can hold digest threads; throws DiscordPostError with the fix when not. */
  checkDigestChannel(channelId: string): Promise<void>;
}

export function createDiscordChatPlatform(client: Client, voteEmoji: readonly string[]): DiscordChatPlatform {
  const fetchChannel = async (channelId: string) => {
    const cached = client.channels.cache.get(channelId);
    if (cached) return cached;
    try {
      return await client.channels.fetch(channelId);
    } catch (error) {
      throw refusal(error, `<#${channelId}>`) ?? error;
    }
  };

  const threadHome = async (channelId: string): Promise<ThreadHome> => {
    const channel = await fetchChannel(channelId);
    const mention = `<#${channelId}>`;
    if (!channel) {
      throw new DiscordPostError(`I can't see ${mention}: invite me to it (View Channel) or pick another channel.`, "unknown-channel");
    }
    if (channel.type === ChannelType.GuildForum || channel.type === ChannelType.GuildMedia) {
      throw new DiscordPostError(
        `I can't post a digest in ${mention}: it is a forum channel, where every post is its own thread. Use a text channel.`,
        "forum-channel",
      );
    }
    if (channel.type !== ChannelType.GuildText && channel.type !== ChannelType.GuildAnnouncement) {
      throw new DiscordPostError(
        `I can't post a digest in ${mention}: digests need a text channel where I can start threads.`,
        "unsupported-channel",
      );
    }
    const me = client.user;
    const permissions = me ? channel.permissionsFor(me) : null;
    // Without a cached member and roles the check cannot be made; Discord's own answer decides then.
    if (permissions) {
      const missing = THREAD_PERMISSIONS.filter(([flag]) => !permissions.has(flag)).map(([, name]) => name);
      if (missing.length > 0) throw missingPermissions(mention, missing);
    }
    return channel;
  };

  const send = async (channel: { send(body: DiscordMessage): Promise<Message> }, body: DiscordMessage, where: string) => {
    try {
      return await channel.send(body);
    } catch (error) {
      throw refusal(error, where) ?? error;
    }
  };

  return {
    platform: "discord",

    async checkDigestChannel(channelId) {
      await threadHome(channelId);
    },

    async postDigestRoot(ref: ChannelRef, header: DigestHeader): Promise<PostedMessage> {
      const channel = await threadHome(ref.channel);
      const mention = `<#${ref.channel}>`;
      const root = await send(channel, renderDigestRoot(header, voteEmoji), mention);
      try {
        const thread = await root.startThread({
          name: digestThreadName(header),
          autoArchiveDuration: ThreadAutoArchiveDuration.OneDay,
          reason: "paperboy daily digest",
        });
        return { messageId: root.id, threadId: thread.id, permalink: root.url };
      } catch (error) {
        // A root message without its thread only confuses readers; take it back before reporting.
        await root.delete().catch(() => undefined);
        throw refusal(error, mention) ?? error;
      }
    },

    async postDigestEntry(ref: ChannelRef, thread: PostedMessage, entry: DigestEntry): Promise<PostedMessage> {
      const threadId = thread.threadId ?? thread.messageId;
      const channel = await fetchChannel(threadId);
      if (!channel?.isThread()) {
        throw new DiscordPostError(`The digest thread in <#${ref.channel}> is gone; the next digest will open a new one.`, "unknown-channel");
      }
      const message = await send(channel, renderDigestEntry(entry), `<#${ref.channel}>`);
      return { messageId: message.id, threadId, permalink: message.url };
    },

    async postNotice(ref: ChannelRef, text: string): Promise<PostedMessage> {
      const channel = await fetchChannel(ref.channel);
      if (!channel?.isTextBased() || !("send" in channel)) {
        throw new DiscordPostError(`I can't post in <#${ref.channel}>: use a text channel.`, "unsupported-channel");
      }
      const body: DiscordMessage = { content: neutralisePings(text), embeds: [], components: [], allowedMentions: { parse: [] } };
      const message = await send(channel as { send(body: DiscordMessage): Promise<Message> }, body, `<#${ref.channel}>`);
      return { messageId: message.id, permalink: message.url };
    },
  };
}

function missingPermissions(mention: string, missing: string[]): DiscordPostError {
  return new DiscordPostError(
    `I can't start threads in ${mention}: give me ${missing.join(", ")} there, or use a text channel where I have them.`,
    "missing-permissions",
  );
}

/** Discord's refusals as DiscordPostError; undefined for anything else (outages, bugs), which callers rethrow. */
export function refusal(error: unknown, mention: string): DiscordPostError | undefined {
  if (error instanceof DiscordPostError) return error;
  if (!(error instanceof DiscordAPIError) || typeof error.code !== "number" || !REFUSAL_CODES.has(error.code)) {
    return undefined;
  }
  if (error.code === 50013 || error.code === 50001) {
    const refused = missingPermissions(mention, THREAD_PERMISSIONS.map(([, name]) => name));
    return new DiscordPostError(refused.message, refused.code, { cause: error });
  }
  return new DiscordPostError(
    `Discord refused to open a digest thread in ${mention} (${error.message}). Use a text channel where I can create public threads.`,
    "thread-refused",
    { cause: error },
  );
}
