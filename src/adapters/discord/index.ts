/**
 * The Discord adapter: a discord.js gateway client that answers `/papers`,
 * its autocomplete and buttons, counts reactions as votes, and posts digest
 * threads for the core. SDK wiring lives here; what Discord's payloads mean
 * is decided in inbound.ts and how paperboy looks in render.ts.
 *
 * Every listener runs inside one try/catch that logs once and answers the
 * user calmly, so neither a Discord refusal nor a bug becomes an unhandled
 * rejection that takes the process down.
 */
import {
  Client,
  DiscordAPIError,
  Events,
  GatewayIntentBits,
  MessageFlags,
  Partials,
  type AutocompleteInteraction,
  type ButtonInteraction,
  type ChatInputCommandInteraction,
  type Interaction,
  type MessageReaction,
  type PartialMessageReaction,
  type PartialUser,
  type User,
} from "discord.js";
import type { AdapterDeps, ChatAdapter } from "../chat-adapter.js";
import type { DiscordConfig } from "../../config.js";
import { commandFromOptions, handleCommand } from "../../commands/index.js";
import { UserFacingError } from "../../core/errors.js";
import type { Reply } from "../../commands/reply.js";
import { createDiscordChatPlatform, DiscordPostError, type DiscordChatPlatform } from "./chat-platform.js";
import {
  canManageChannels,
  channelRef,
  isAdminCommand,
  matchVoteEmoji,
  parseButtonId,
  reactionFromRaw,
  toSlashInput,
  type ReactionInput,
} from "./inbound.js";
import { renderReply, renderSharedPaper, renderTitleChoices, withVoteCount, type ButtonRow, type DiscordMessage } from "./render.js";
import { COMMAND_NAME } from "./slash-commands.js";

export { buildSlashCommands } from "./slash-commands.js";

export interface DiscordAdapter extends ChatAdapter {
  readonly chat: DiscordChatPlatform;
  readonly client: Client;
}

const CALM_ERROR = "Something went wrong on my side; it has been logged. Please try again in a minute.";
const AUTOCOMPLETE_MIN_PREFIX = 2;

export function createDiscordAdapter(config: DiscordConfig, deps: AdapterDeps): DiscordAdapter {
  const { paperboy, log, clock } = deps;
  const client = new Client({
    intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessageReactions],
    // Reactions on messages posted before a restart arrive for uncached messages; partials keep them.
    partials: [Partials.Message, Partials.Reaction, Partials.User, Partials.Channel],
    allowedMentions: { parse: [] },
    ...(config.apiUrl ? { rest: { api: config.apiUrl } } : {}),
  });
  const chat = createDiscordChatPlatform(client, config.voteEmoji);
  const inFlight = new Set<Promise<void>>();
  let stopping = false;

  /** Runs a listener's work, tracked for `stop()`, with the one catch that keeps the process alive. */
  const track = (what: string, work: () => Promise<void>): void => {
    if (stopping) return;
    const running = work()
      .catch((error: unknown) => log.error(`discord: ${what} failed`, { error: describeError(error) }))
      .finally(() => inFlight.delete(running));
    inFlight.add(running);
  };

  const answer = async (interaction: ChatInputCommandInteraction | ButtonInteraction, body: DiscordMessage | string) => {
    const payload = typeof body === "string" ? { content: body, allowedMentions: { parse: [] as [] } } : body;
    // After deferUpdate, editReply would rewrite the (maybe public) message the button sits on: answer beside it instead.
    const updatingMessage = interaction.isButton() && interaction.deferred && interaction.ephemeral === null;
    if (updatingMessage) await interaction.followUp({ ...payload, flags: MessageFlags.Ephemeral });
    else if (interaction.deferred || interaction.replied) await interaction.editReply(payload);
    else await interaction.reply({ ...payload, flags: MessageFlags.Ephemeral });
  };

  const guarded = async (
    interaction: ChatInputCommandInteraction | ButtonInteraction,
    what: string,
    work: () => Promise<void>,
  ): Promise<void> => {
    try {
      await work();
    } catch (error) {
      const known = error instanceof UserFacingError ? error : undefined;
      if (known) log.warn(`discord: ${what} refused`, { reason: known.userMessage, guild: interaction.guildId });
      else log.error(`discord: ${what} failed`, { error: describeError(error), guild: interaction.guildId });
      await answer(interaction, known ? `⚠️ ${known.userMessage}` : CALM_ERROR).catch((failure: unknown) =>
        log.warn("discord: could not tell the user about a failure", { error: describeError(failure) }),
      );
    }
  };

  const onSlashCommand = (interaction: ChatInputCommandInteraction) =>
    guarded(interaction, `/papers ${interaction.options.getSubcommand(false) ?? ""}`, async () => {
      if (!interaction.inGuild()) {
        await answer(interaction, "paperboy works in servers: add it to one and use /papers there.");
        return;
      }
      // Three seconds to acknowledge: defer before the database or Discord is asked anything.
      await interaction.deferReply({ flags: MessageFlags.Ephemeral });
      const input = toSlashInput(interaction.options.getSubcommand(false), interaction.options.data[0]?.options ?? []);
      if (!input) {
        await answer(interaction, renderReply({ kind: "error", code: "unknown-subcommand", message: "I don't know that subcommand.", example: "/papers help" }));
        return;
      }
      const isAdmin = canManageChannels(interaction.memberPermissions?.bitfield);
      if (isAdminCommand(input.subcommand) && !isAdmin) {
        await answer(
          interaction,
          renderReply({
            kind: "error",
            code: "not-allowed",
            message: `Only members with Manage Channels can use /papers ${input.subcommand}. Ask a moderator, or try /papers search.`,
          }),
        );
        return;
      }
      if (input.subcommand === "subscribe" || input.subcommand === "digest") {
        // Say now, not at tomorrow's 09:00, that this channel cannot hold a digest thread.
        await chat.checkDigestChannel(interaction.channelId);
      }
      const parsed = commandFromOptions(input.subcommand, input.options, clock.now());
      // handleCommand never throws: it shows UserFacingErrors (a refused thread) and logs anything else once.
      const reply: Reply = parsed.ok
        ? await handleCommand(
            parsed.command,
            { channel: channelRef(interaction.guildId, interaction.channelId), user: interaction.user.id, isAdmin },
            { paperboy, chat, clock, log },
          )
        : parsed.reply;
      await answer(interaction, renderReply(reply));
    });

  const onAutocomplete = async (interaction: AutocompleteInteraction): Promise<void> => {
    try {
      const focused = interaction.options.getFocused(true);
      const prefix = String(focused.value).trim();
      if (focused.name !== "query" || prefix.length < AUTOCOMPLETE_MIN_PREFIX) {
        await interaction.respond([]);
        return;
      }
      await interaction.respond(renderTitleChoices(await paperboy.suggestTitles(prefix, 25)));
    } catch (error) {
      log.warn("discord: autocomplete failed", { error: describeError(error) });
      if (!interaction.responded) await interaction.respond([]).catch(() => undefined);
    }
  };

  const onButton = (interaction: ButtonInteraction) =>
    guarded(interaction, `button ${interaction.customId}`, async () => {
      const action = parseButtonId(interaction.customId);
      if (!action || !interaction.inGuild()) return;
      const scope = { platform: "discord" as const, workspace: interaction.guildId };
      if (action.action === "upvote") {
        await interaction.deferUpdate();
        const outcome = await paperboy.vote({ ...scope, user: interaction.user.id, paperId: action.paperId, emoji: "button" });
        const current = {
          embeds: interaction.message.embeds.map((embed) => embed.toJSON()),
          components: interaction.message.components.map((row) => row.toJSON() as ButtonRow),
        };
        await interaction.editReply(withVoteCount(current, action.paperId, outcome.votes));
        return;
      }
      await interaction.deferReply({ flags: MessageFlags.Ephemeral });
      const view = await paperboy.getPaper(action.paperId, scope);
      const channel = interaction.channel ?? (await client.channels.fetch(interaction.channelId));
      if (!view || !channel?.isSendable()) {
        await answer(interaction, view ? "I can't post in this channel." : "That paper is no longer in my library.");
        return;
      }
      let posted;
      try {
        posted = await channel.send(renderSharedPaper(view, interaction.user.id));
      } catch (error) {
        if (error instanceof DiscordAPIError && (error.code === 50001 || error.code === 50013)) {
          throw new DiscordPostError(
            `I can't post in <#${interaction.channelId}>: give me View Channel, Send Messages and Embed Links there.`,
            "missing-permissions",
          );
        }
        throw error;
      }
      await paperboy.recordPaperMessage(channelRef(interaction.guildId, interaction.channelId), view.paper.id, {
        messageId: posted.id,
        permalink: posted.url,
      });
      await answer(interaction, `Shared in <#${interaction.channelId}>: react to it with ${config.voteEmoji[0] ?? "👍"} to upvote.`);
    });

  const onReaction = async (kind: "vote" | "unvote", reaction: ReactionInput): Promise<void> => {
    // The add event carries the member, so `bot` is known; a removal may not say, and an unvote that never was is a no-op.
    if (reaction.userId === client.user?.id || reaction.isBot === true) return;
    const emoji = matchVoteEmoji(reaction.emoji, config.voteEmoji);
    if (!emoji) return;
    const paperId = await paperboy.findPaperByMessage("discord", reaction.messageId);
    if (!paperId) return;
    const input = { platform: "discord" as const, workspace: reaction.guildId, user: reaction.userId, paperId, emoji };
    await (kind === "vote" ? paperboy.vote(input) : paperboy.unvote(input));
  };

  const fromEvent = (reaction: MessageReaction | PartialMessageReaction, user: User | PartialUser): ReactionInput | undefined => {
    const guildId = reaction.message.guildId;
    if (!guildId) return undefined;
    return {
      guildId,
      channelId: reaction.message.channelId,
      messageId: reaction.message.id,
      userId: user.id,
      isBot: user.bot ?? undefined,
      emoji: { name: reaction.emoji.name, id: reaction.emoji.id },
    };
  };

  client.on(Events.InteractionCreate, (interaction: Interaction) => {
    if (interaction.isChatInputCommand() && interaction.commandName === COMMAND_NAME) {
      track("slash command", () => onSlashCommand(interaction));
    } else if (interaction.isAutocomplete() && interaction.commandName === COMMAND_NAME) {
      track("autocomplete", () => onAutocomplete(interaction));
    } else if (interaction.isButton()) {
      track("button", () => onButton(interaction));
    }
  });
  client.on(Events.MessageReactionAdd, (reaction, user) => {
    const input = fromEvent(reaction, user);
    if (input) track("reaction add", () => onReaction("vote", input));
  });
  client.on(Events.MessageReactionRemove, (reaction, user) => {
    const input = fromEvent(reaction, user);
    if (input) track("reaction remove", () => onReaction("unvote", input));
  });
  // discord.js drops reactions in channels it has not cached (threads archived before a restart are not in
  // GUILD_CREATE), partials or not. Raw arrives just before discord.js looks, so exactly those are picked up here.
  client.on(Events.Raw, (packet: { t?: string | null; d?: unknown }) => {
    if (packet.t !== "MESSAGE_REACTION_ADD" && packet.t !== "MESSAGE_REACTION_REMOVE") return;
    const input = reactionFromRaw(packet.d);
    if (!input || client.channels.cache.has(input.channelId)) return;
    track("reaction in an uncached channel", () => onReaction(packet.t === "MESSAGE_REACTION_ADD" ? "vote" : "unvote", input));
  });
  client.on(Events.Error, (error) => log.error("discord: client error", { error: describeError(error) }));
  client.on(Events.ShardError, (error, shardId) => log.warn("discord: gateway connection error", { shardId, error: describeError(error) }));
  client.on(Events.Warn, (message) => log.warn(`discord: ${message}`));
  client.on(Events.ShardResume, (shardId, replayed) => log.info("discord: gateway session resumed", { shardId, replayed }));

  return {
    chat,
    client,
    async start() {
      const ready = new Promise<void>((resolve) => client.once(Events.ClientReady, () => resolve()));
      try {
        await client.login(config.token);
      } catch (error) {
        if ((error as { code?: unknown }).code === "TokenInvalid") {
          throw new Error("Discord refused DISCORD_TOKEN: copy a fresh one from the Developer Portal (Bot → Reset Token)", {
            cause: error,
          });
        }
        throw error;
      }
      await ready;
      log.info("discord: connected", { user: client.user?.tag, guilds: client.guilds.cache.size });
    },
    async stop() {
      stopping = true;
      await Promise.allSettled([...inFlight]);
      await client.destroy();
    },
  };
}

/** An error as a log field: message and Discord's code, never the request body or a token. */
function describeError(error: unknown): Record<string, unknown> | string {
  if (error instanceof DiscordPostError) return { name: error.name, code: error.code, message: error.message };
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return { name: error.name, message: error.message, ...(code !== undefined ? { code } : {}), stack: error.stack };
  }
  return String(error);
}
