/**
 * A small fake Discord for driving the real discord.js client over loopback:
 * one guild ("Paper Club") with a text channel, a forum and an announcement
 * channel, a moderator (Manage Channels), a member, another bot, and helpers
 * that play what people do: run `/papers …`, type into autocomplete, click a
 * button, react to a message. The REST half lives in fake-discord-rest.ts,
 * the gateway in fake-discord-gateway.ts; payload shapes in
 * fake-discord-payloads.ts.
 */
import { ChannelType } from "discord.js";
import { createFakeGateway, type FakeGateway } from "./fake-discord-gateway.js";
import {
  BOT_PERMISSIONS,
  MEMBER_PERMISSIONS,
  MODERATOR_PERMISSIONS,
  apiGuild,
  apiGuildChannel,
  apiGuildInteraction,
  apiMember,
  apiMessage,
  apiRole,
  apiUser,
  snowflake,
  type ApiChannel,
  type ApiMessage,
  type ApiUser,
  type InteractionOption,
} from "./fake-discord-payloads.js";
import { createFakeRest, type FakeRest, type RecordedRequest, type ScriptedError } from "./fake-discord-rest.js";

export type { RecordedRequest, ScriptedError } from "./fake-discord-rest.js";
export type { ApiMessage, ApiUser } from "./fake-discord-payloads.js";

export const FAKE_DISCORD_TOKEN = "fake-bot-token.discord.test";

export interface FakeDiscordPerson {
  user: ApiUser;
  /** Effective permissions in the guild, a bitfield string as Discord sends it. */
  permissions: string;
}

export interface InteractionHandle {
  id: string;
  token: string;
}

export interface FakeDiscord {
  readonly apiUrl: string;
  readonly gatewayUrl: string;
  readonly token: string;
  readonly applicationId: string;
  readonly bot: ApiUser;
  readonly guildId: string;
  readonly channels: { text: string; forum: string; announcement: string };
  readonly people: { moderator: FakeDiscordPerson; member: FakeDiscordPerson; otherBot: FakeDiscordPerson };
  readonly requests: RecordedRequest[];
  readonly messages: Map<string, ApiMessage>;
  readonly gateway: FakeGateway;

  /** Dispatches `/papers <subcommand>` typed by `person` in `channel` (default: the text channel). */
  slashCommand(options: {
    person: FakeDiscordPerson;
    subcommand: string;
    options?: Record<string, string>;
    channel?: string;
  }): InteractionHandle;
  /** Dispatches an autocomplete request for `/papers <subcommand> <option>:<value>`. */
  autocomplete(options: { person: FakeDiscordPerson; subcommand: string; option: string; value: string }): InteractionHandle;
  /** Clicks the button `customId` on a message the fake knows (an original response or a channel message). */
  clickButton(options: { person: FakeDiscordPerson; customId: string; messageId: string }): InteractionHandle;
  react(options: { person: FakeDiscordPerson; messageId: string; emoji: string }): void;
  unreact(options: { person: FakeDiscordPerson; messageId: string; emoji: string }): void;
  /** The thread goes quiet and Discord archives it: it is no longer listed in GUILD_CREATE. */
  archiveThread(threadId: string): void;
  /** A moderator takes permissions away from the bot's role in one channel (an overwrite, announced by CHANNEL_UPDATE). */
  denyBot(channelId: string, permissions: bigint): void;
  /** A message someone else posted in a channel, which no client has seen. */
  seedMessage(channelId: string, content: string): ApiMessage;

  /** The current original response of an interaction (after deferReply + editReply). */
  originalResponse(handle: InteractionHandle): ApiMessage | undefined;
  /** Requests matching method and path, in order. */
  requestsTo(method: string, path: RegExp): RecordedRequest[];
  fail(error: ScriptedError): void;
  /** Closes the gateway sockets mid-session (default code 4000): clients RESUME. */
  dropConnections(code?: number): void;
  close(): Promise<void>;
}

export async function createFakeDiscord(options: { heartbeatIntervalMs?: number } = {}): Promise<FakeDiscord> {
  const applicationId = snowflake();
  const bot = apiUser(applicationId, "paperboy", { bot: true });
  const guildId = snowflake();
  const ownerId = snowflake();
  const botRoleId = snowflake();
  const channelsById = new Map<string, ApiChannel>();
  const text = apiGuildChannel(guildId, snowflake(), ChannelType.GuildText, "papers", 0);
  const forum = apiGuildChannel(guildId, snowflake(), ChannelType.GuildForum, "paper-forum", 1);
  const announcement = apiGuildChannel(guildId, snowflake(), ChannelType.GuildAnnouncement, "announcements", 2);
  for (const channel of [text, forum, announcement]) channelsById.set(channel.id, channel);

  const people = {
    moderator: { user: apiUser(snowflake(), "ada"), permissions: MODERATOR_PERMISSIONS },
    member: { user: apiUser(snowflake(), "grace"), permissions: MEMBER_PERMISSIONS },
    otherBot: { user: apiUser(snowflake(), "otherbot", { bot: true }), permissions: MEMBER_PERMISSIONS },
  };
  const messages = new Map<string, ApiMessage>();
  const originals = new Map<string, string>();
  const componentMessages = new Map<string, string>();
  const interactions = new Map<string, { id: string; type: number; channelId: string; guildId: string; user: ApiUser }>();
  let gateway: FakeGateway | undefined;

  const guildCreate = (): Record<string, unknown> =>
    apiGuild({
      id: guildId,
      name: "Paper Club",
      ownerId,
      roles: [apiRole(guildId, "@everyone", MEMBER_PERMISSIONS, 0), apiRole(botRoleId, "paperboy", BOT_PERMISSIONS, 1, bot.id)],
      channels: [...channelsById.values()].filter((channel) => !channel.thread_metadata),
      // Discord lists the active threads in GUILD_CREATE, so a restarted client knows its digest threads.
      threads: [...channelsById.values()].filter((channel) => channel.thread_metadata?.["archived"] === false),
      members: [apiMember(bot, { roles: [botRoleId] })],
    });

  const rest: FakeRest = await createFakeRest({
    bot,
    applicationId,
    gatewayUrl: () => gateway?.url ?? "",
    channels: channelsById,
    messages,
    originals,
    componentMessages,
    interactions,
    onThreadCreated: (thread) => gateway?.dispatch("THREAD_CREATE", { ...thread, newly_created: true }),
    onMessageCreated: () => {
      // MESSAGE_CREATE needs the GuildMessages intent, which paperboy does not ask for.
    },
  });
  gateway = await createFakeGateway({
    ready: () => ({
      v: 10,
      user_settings: {},
      user: { ...bot, verified: true, mfa_enabled: false, email: null },
      guilds: [{ id: guildId, unavailable: true }],
      private_channels: [],
      relationships: [],
      presences: [],
      guild_join_requests: [],
      geo_ordered_rtc_regions: [],
      shard: [0, 1],
      application: { id: applicationId, flags: 0 },
    }),
    guildCreates: () => [guildCreate()],
    ...(options.heartbeatIntervalMs !== undefined ? { heartbeatIntervalMs: options.heartbeatIntervalMs } : {}),
  });
  const liveGateway = gateway;

  const interact = (
    type: number,
    person: FakeDiscordPerson,
    channelId: string,
    data: Record<string, unknown>,
    message?: ApiMessage,
  ): InteractionHandle => {
    const channel = channelsById.get(channelId);
    if (!channel) throw new Error(`fake Discord has no channel ${channelId}`);
    const { id, token, payload } = apiGuildInteraction({
      type,
      applicationId,
      guildId,
      channel,
      member: apiMember(person.user, { permissions: person.permissions }),
      data,
      appPermissions: BOT_PERMISSIONS,
      message,
    });
    interactions.set(token, { id, type, channelId, guildId, user: person.user });
    if (message) componentMessages.set(token, message.id);
    liveGateway.dispatch("INTERACTION_CREATE", payload);
    return { id, token };
  };

  const commandData = (subcommand: string, options: InteractionOption[]): Record<string, unknown> => ({
    id: "1",
    name: "papers",
    type: 1,
    options: [{ name: subcommand, type: 1, options }],
  });

  const reactionEvent = (person: FakeDiscordPerson, messageId: string, emoji: string) => {
    const message = messages.get(messageId);
    return {
      user_id: person.user.id,
      type: 0,
      message_id: messageId,
      emoji: { id: null, name: emoji },
      channel_id: message?.channel_id ?? text.id,
      guild_id: guildId,
      burst: false,
    };
  };

  return {
    apiUrl: rest.url,
    gatewayUrl: liveGateway.url,
    token: FAKE_DISCORD_TOKEN,
    applicationId,
    bot,
    guildId,
    channels: { text: text.id, forum: forum.id, announcement: announcement.id },
    people,
    requests: rest.requests,
    messages,
    gateway: liveGateway,

    slashCommand({ person, subcommand, options = {}, channel = text.id }) {
      const typed = Object.entries(options).map(([name, value]) => ({ name, type: 3, value }));
      return interact(2, person, channel, commandData(subcommand, typed));
    },
    autocomplete({ person, subcommand, option, value }) {
      return interact(4, person, text.id, commandData(subcommand, [{ name: option, type: 3, value, focused: true }]));
    },
    clickButton({ person, customId, messageId }) {
      const message = messages.get(messageId);
      if (!message) throw new Error(`fake Discord has no message ${messageId}`);
      return interact(3, person, message.channel_id, { custom_id: customId, component_type: 2 }, message);
    },
    react({ person, messageId, emoji }) {
      const message = messages.get(messageId);
      liveGateway.dispatch("MESSAGE_REACTION_ADD", {
        ...reactionEvent(person, messageId, emoji),
        member: apiMember(person.user),
        ...(message ? { message_author_id: message.author.id } : {}),
        burst_colors: [],
      });
    },
    unreact({ person, messageId, emoji }) {
      liveGateway.dispatch("MESSAGE_REACTION_REMOVE", reactionEvent(person, messageId, emoji));
    },
    archiveThread(threadId) {
      const thread = channelsById.get(threadId);
      if (!thread?.thread_metadata) throw new Error(`fake Discord has no thread ${threadId}`);
      thread.thread_metadata = { ...thread.thread_metadata, archived: true, archive_timestamp: new Date().toISOString() };
      liveGateway.dispatch("THREAD_UPDATE", thread);
    },
    denyBot(channelId, permissions) {
      const channel = channelsById.get(channelId);
      if (!channel) throw new Error(`fake Discord has no channel ${channelId}`);
      channel.permission_overwrites = [{ id: botRoleId, type: 0, allow: "0", deny: permissions.toString() }];
      liveGateway.dispatch("CHANNEL_UPDATE", channel);
    },
    seedMessage(channelId, content) {
      const message = apiMessage({
        id: snowflake(),
        channelId,
        guildId,
        author: people.member.user,
        body: { content },
      });
      messages.set(message.id, message);
      return message;
    },

    originalResponse(handle) {
      const id = originals.get(handle.token);
      return id ? messages.get(id) : undefined;
    },
    requestsTo(method, path) {
      return rest.requests.filter((request) => request.method === method && path.test(request.path));
    },
    fail(error) {
      rest.fail(error);
    },
    dropConnections(code) {
      liveGateway.dropConnections(code);
    },
    async close() {
      await liveGateway.close();
      await rest.close();
    },
  };
}

/**
 * Polls `probe` until it returns something other than undefined/false: gateway
 * events arrive when they arrive, so tests wait for what a user would see
 * instead of sleeping for a fixed time.
 */
export async function waitUntil<T>(
  probe: () => T | undefined | false | Promise<T | undefined | false>,
  what: string,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined && value !== false) return value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out waiting for ${what}${lastError ? `: ${String(lastError)}` : ""}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
