/**
 * Discord API v10 objects as the real service sends them: users, members,
 * guilds, channels, messages and interactions. The fake REST server and the
 * fake gateway both build their answers here, so discord.js parses the same
 * shapes in tests that it parses in production (field names and types follow
 * discord-api-types v10).
 */
import { ChannelType, PermissionFlagsBits } from "discord.js";

const DISCORD_EPOCH = 1_420_070_400_000n;
let increment = 0n;

/** A fresh snowflake: milliseconds since Discord's epoch in the high bits, so ids sort by time. */
export function snowflake(): string {
  increment = (increment + 1n) & 0xfffn;
  return (((BigInt(Date.now()) - DISCORD_EPOCH) << 22n) | (1n << 17n) | increment).toString();
}

export function permissionBits(...flags: bigint[]): string {
  return flags.reduce((all, flag) => all | flag, 0n).toString();
}

/** What a regular member may do in a well-run server: read, write, react, no channel management. */
export const MEMBER_PERMISSIONS = permissionBits(
  PermissionFlagsBits.ViewChannel,
  PermissionFlagsBits.SendMessages,
  PermissionFlagsBits.SendMessagesInThreads,
  PermissionFlagsBits.CreatePublicThreads,
  PermissionFlagsBits.EmbedLinks,
  PermissionFlagsBits.AddReactions,
  PermissionFlagsBits.ReadMessageHistory,
  PermissionFlagsBits.UseApplicationCommands,
);

export const MODERATOR_PERMISSIONS = (BigInt(MEMBER_PERMISSIONS) | PermissionFlagsBits.ManageChannels).toString();

/** The permissions the install guide asks for. */
export const BOT_PERMISSIONS = permissionBits(
  PermissionFlagsBits.ViewChannel,
  PermissionFlagsBits.SendMessages,
  PermissionFlagsBits.CreatePublicThreads,
  PermissionFlagsBits.SendMessagesInThreads,
  PermissionFlagsBits.EmbedLinks,
  PermissionFlagsBits.AddReactions,
  PermissionFlagsBits.ReadMessageHistory,
);

export interface ApiUser {
  id: string;
  username: string;
  global_name: string | null;
  discriminator: string;
  avatar: string | null;
  bot?: boolean;
  system?: boolean;
  public_flags: number;
  flags?: number;
}

export function apiUser(id: string, username: string, options: { bot?: boolean } = {}): ApiUser {
  return {
    id,
    username,
    global_name: options.bot ? null : username,
    discriminator: options.bot ? "0420" : "0",
    avatar: null,
    ...(options.bot ? { bot: true } : {}),
    public_flags: 0,
    flags: 0,
  };
}

export function apiMember(user: ApiUser, options: { roles?: string[]; permissions?: string } = {}): Record<string, unknown> {
  return {
    user,
    nick: null,
    avatar: null,
    banner: null,
    roles: options.roles ?? [],
    joined_at: "2026-01-05T10:00:00.000000+00:00",
    premium_since: null,
    deaf: false,
    mute: false,
    flags: 0,
    pending: false,
    communication_disabled_until: null,
    unusual_dm_activity_until: null,
    ...(options.permissions !== undefined ? { permissions: options.permissions } : {}),
  };
}

export interface ApiChannel {
  id: string;
  type: number;
  guild_id: string;
  name: string;
  position?: number;
  parent_id: string | null;
  permission_overwrites?: unknown[];
  nsfw?: boolean;
  topic?: string | null;
  last_message_id?: string | null;
  rate_limit_per_user?: number;
  flags: number;
  owner_id?: string;
  thread_metadata?: Record<string, unknown>;
  member_count?: number;
  message_count?: number;
  total_message_sent?: number;
  available_tags?: unknown[];
  default_reaction_emoji?: unknown;
  default_sort_order?: number | null;
  default_forum_layout?: number;
}

export function apiGuildChannel(guildId: string, id: string, type: ChannelType, name: string, position: number): ApiChannel {
  const channel: ApiChannel = {
    id,
    type,
    guild_id: guildId,
    name,
    position,
    parent_id: null,
    permission_overwrites: [],
    nsfw: false,
    topic: null,
    last_message_id: null,
    rate_limit_per_user: 0,
    flags: 0,
  };
  if (type === ChannelType.GuildForum) {
    channel.available_tags = [];
    channel.default_reaction_emoji = null;
    channel.default_sort_order = null;
    channel.default_forum_layout = 0;
  }
  return channel;
}

export function apiThread(options: {
  id: string;
  guildId: string;
  parent: ApiChannel;
  name: string;
  ownerId: string;
  autoArchiveDuration: number;
}): ApiChannel {
  const now = new Date().toISOString();
  return {
    id: options.id,
    type: options.parent.type === ChannelType.GuildAnnouncement ? ChannelType.AnnouncementThread : ChannelType.PublicThread,
    guild_id: options.guildId,
    name: options.name,
    parent_id: options.parent.id,
    owner_id: options.ownerId,
    last_message_id: null,
    rate_limit_per_user: 0,
    flags: 0,
    member_count: 1,
    message_count: 0,
    total_message_sent: 0,
    thread_metadata: {
      archived: false,
      auto_archive_duration: options.autoArchiveDuration,
      archive_timestamp: now,
      locked: false,
      create_timestamp: now,
    },
  };
}

export interface ApiRole {
  id: string;
  name: string;
  color: number;
  colors: { primary_color: number; secondary_color: null; tertiary_color: null };
  hoist: boolean;
  icon: null;
  unicode_emoji: null;
  position: number;
  permissions: string;
  managed: boolean;
  mentionable: boolean;
  flags: number;
  tags?: Record<string, unknown>;
}

export function apiRole(id: string, name: string, permissions: string, position: number, botId?: string): ApiRole {
  return {
    id,
    name,
    color: 0,
    colors: { primary_color: 0, secondary_color: null, tertiary_color: null },
    hoist: false,
    icon: null,
    unicode_emoji: null,
    position,
    permissions,
    managed: botId !== undefined,
    mentionable: false,
    flags: 0,
    ...(botId !== undefined ? { tags: { bot_id: botId } } : {}),
  };
}

export function apiGuild(options: {
  id: string;
  name: string;
  ownerId: string;
  roles: ApiRole[];
  channels: ApiChannel[];
  threads: ApiChannel[];
  members: unknown[];
}): Record<string, unknown> {
  return {
    id: options.id,
    name: options.name,
    icon: null,
    splash: null,
    discovery_splash: null,
    banner: null,
    description: null,
    owner_id: options.ownerId,
    region: "deprecated",
    afk_channel_id: null,
    afk_timeout: 300,
    verification_level: 1,
    default_message_notifications: 1,
    explicit_content_filter: 2,
    roles: options.roles,
    emojis: [],
    stickers: [],
    features: [],
    mfa_level: 0,
    application_id: null,
    system_channel_id: null,
    system_channel_flags: 0,
    rules_channel_id: null,
    public_updates_channel_id: null,
    safety_alerts_channel_id: null,
    max_members: 500_000,
    vanity_url_code: null,
    premium_tier: 0,
    premium_subscription_count: 0,
    preferred_locale: "en-US",
    max_video_channel_users: 25,
    max_stage_video_channel_users: 50,
    nsfw_level: 0,
    premium_progress_bar_enabled: false,
    hub_type: null,
    incidents_data: null,
    // GUILD_CREATE extras
    joined_at: "2026-01-05T10:00:00.000000+00:00",
    large: false,
    unavailable: false,
    member_count: options.members.length,
    voice_states: [],
    members: options.members,
    channels: options.channels,
    threads: options.threads,
    presences: [],
    stage_instances: [],
    guild_scheduled_events: [],
    soundboard_sounds: [],
    lazy: true,
  };
}

export interface ApiMessage {
  id: string;
  channel_id: string;
  guild_id?: string;
  author: ApiUser;
  content: string;
  timestamp: string;
  edited_timestamp: string | null;
  tts: boolean;
  mention_everyone: boolean;
  mentions: unknown[];
  mention_roles: string[];
  attachments: unknown[];
  embeds: unknown[];
  components: unknown[];
  pinned: boolean;
  type: number;
  flags: number;
  webhook_id?: string;
  application_id?: string;
  interaction_metadata?: Record<string, unknown>;
  thread?: ApiChannel;
  position?: number;
  [key: string]: unknown;
}

/** A message as Discord returns it after a create or an edit, built from the JSON body discord.js sent. */
export function apiMessage(options: {
  id: string;
  channelId: string;
  guildId?: string | undefined;
  author: ApiUser;
  body: Record<string, unknown>;
  type?: number;
  extra?: Partial<ApiMessage>;
}): ApiMessage {
  const body = options.body;
  return {
    id: options.id,
    channel_id: options.channelId,
    ...(options.guildId ? { guild_id: options.guildId } : {}),
    author: options.author,
    content: typeof body["content"] === "string" ? body["content"] : "",
    timestamp: new Date().toISOString(),
    edited_timestamp: null,
    tts: false,
    mention_everyone: false,
    mentions: [],
    mention_roles: [],
    attachments: [],
    embeds: Array.isArray(body["embeds"]) ? body["embeds"] : [],
    components: Array.isArray(body["components"]) ? withComponentIds(body["components"]) : [],
    pinned: false,
    type: options.type ?? 0,
    flags: typeof body["flags"] === "number" ? body["flags"] : 0,
    ...options.extra,
  };
}

/** Discord numbers every component it stores; discord.js reads the ids back. */
function withComponentIds(components: unknown[]): unknown[] {
  let next = 1;
  const number = (component: unknown): unknown => {
    if (typeof component !== "object" || component === null) return component;
    const record = { ...(component as Record<string, unknown>) };
    record["id"] ??= next++;
    if (Array.isArray(record["components"])) record["components"] = record["components"].map(number);
    return record;
  };
  return components.map(number);
}

export type InteractionOption = { name: string; type: number; value?: string | number | boolean; focused?: boolean; options?: InteractionOption[] };

/** The fields every INTERACTION_CREATE carries in a guild channel. */
export function apiGuildInteraction(options: {
  type: number;
  applicationId: string;
  guildId: string;
  channel: ApiChannel;
  member: Record<string, unknown>;
  data: Record<string, unknown>;
  appPermissions: string;
  message?: ApiMessage | undefined;
}): { id: string; token: string; payload: Record<string, unknown> } {
  const id = snowflake();
  const token = `aW50ZXJhY3Rpb246${id}:${Math.random().toString(36).slice(2)}`;
  const channelPermissions = typeof options.member["permissions"] === "string" ? options.member["permissions"] : "0";
  return {
    id,
    token,
    payload: {
      id,
      application_id: options.applicationId,
      type: options.type,
      data: options.data,
      guild: { id: options.guildId, locale: "en-US", features: [] },
      guild_id: options.guildId,
      channel: { ...options.channel, permissions: channelPermissions },
      channel_id: options.channel.id,
      member: options.member,
      token,
      version: 1,
      app_permissions: options.appPermissions,
      locale: "en-US",
      guild_locale: "en-US",
      entitlements: [],
      authorizing_integration_owners: { "0": options.guildId },
      context: 0,
      attachment_size_limit: 10_485_760,
      ...(options.message ? { message: options.message } : {}),
    },
  };
}
