/**
 * Running a parsed command against the core. Every answer is a `Reply`;
 * mistakes the user can fix are error Replies, and anything unexpected is
 * logged once here and answered with one calm line, so no request can take
 * the process down.
 */
import type { DigestOutcome } from "../core/api.js";
import { UserFacingError } from "../core/errors.js";
import { shortDateLabel, localDate } from "../core/schedule/local-time.js";
import type { ChannelSettings, TeamScope, TopPeriod } from "../core/types.js";
import type { Command, CommandContext, CommandDeps } from "./command.js";
import { COMMANDS, declarationOf } from "./declarations.js";
import { parseCommandText } from "./parse.js";
import { type Reply, errorReply } from "./reply.js";

const RESULTS = 5;
const PERIOD_LABEL: Record<TopPeriod, string> = { day: "today", week: "this week", month: "this month" };

export function helpReply(): Reply {
  return {
    kind: "help",
    sections: COMMANDS.map((command) => ({ usage: command.usage, summary: command.summary, examples: [...command.examples] })),
  };
}

function describeSchedule(settings: ChannelSettings, nextPostAt: Date, now: Date): string {
  const topics = settings.topics.length ? ` about ${settings.topics.join(", ")}` : "";
  // Subscribing after today's time, with no digest yet today, makes today's due at once.
  const next =
    nextPostAt.getTime() <= now.getTime()
      ? "today's, within a minute"
      : `${shortDateLabel(localDate(nextPostAt, settings.timezone))} at ${settings.digestTime} ${settings.timezone}`;
  return (
    `Subscribed: ${settings.digestSize} trending papers${topics} every day at ${settings.digestTime} (${settings.timezone}). ` +
    `Next digest: ${next}.`
  );
}

function describeDigest(outcome: DigestOutcome): string {
  switch (outcome.status) {
    case "posted":
      return outcome.resumed
        ? `Finished today's digest: ${outcome.entries} papers in the thread.`
        : `Posted today's digest: ${outcome.entries} papers in the thread.`;
    case "already-posted":
      return outcome.root?.permalink
        ? `Today's digest is already posted here: ${outcome.root.permalink}`
        : "Today's digest is already posted in this channel; scroll up to its thread.";
    case "nothing-new":
      return "No new papers today, so no digest. Try /papers top week for the best of the week.";
    case "busy":
      return "Today's digest is being posted right now; it will appear in a moment.";
  }
}

export async function runCommand(command: Command, context: CommandContext, deps: CommandDeps): Promise<Reply> {
  if (command.name !== "help" && declarationOf(command.name).admin && !context.isAdmin) {
    return errorReply(
      "not-allowed",
      "Only the people who manage this channel's digest can do that. Ask one of them, or try /papers top.",
    );
  }
  const { paperboy } = deps;
  const scope: TeamScope = { platform: context.channel.platform, workspace: context.channel.workspace };

  switch (command.name) {
    case "help":
      return helpReply();
    case "search": {
      const papers = await paperboy.searchPapers(command.query, scope, { limit: RESULTS });
      return {
        kind: "papers",
        heading: `Papers matching "${command.text}"`,
        papers,
        empty: `No papers match "${command.text}". Try fewer or other words, or /papers top week.`,
      };
    }
    case "top": {
      const papers = await paperboy.topPapers(command.period, scope, RESULTS);
      return {
        kind: "papers",
        heading: `Trending ${PERIOD_LABEL[command.period]}`,
        papers,
        empty: `Nothing new ${PERIOD_LABEL[command.period]}. Try /papers top month.`,
      };
    }
    case "show": {
      const paper = await paperboy.getPaper(command.id, scope);
      if (!paper) {
        return errorReply(
          "not-found",
          `I have no paper ${command.id}. Search by words instead, or ask an admin to ingest it.`,
          "/papers spiking neural networks",
        );
      }
      return { kind: "paper", paper };
    }
    case "subscribe": {
      const { settings, nextPostAt } = await paperboy.subscribe(context.channel, command.changes);
      return { kind: "text", text: describeSchedule(settings, nextPostAt, deps.clock.now()) };
    }
    case "unsubscribe": {
      const was = await paperboy.unsubscribe(context.channel);
      return {
        kind: "text",
        text: was
          ? "Unsubscribed: no more daily digests here. /papers subscribe brings them back."
          : "This channel has no daily digest to stop. /papers subscribe starts one.",
      };
    }
    case "digest":
      return { kind: "text", text: describeDigest(await paperboy.postDigest(context.channel, deps.chat)) };
  }
}

/** Runs a command and never throws: the one place where unexpected failures are logged and softened. */
export async function handleCommand(command: Command, context: CommandContext, deps: CommandDeps): Promise<Reply> {
  try {
    return await runCommand(command, context, deps);
  } catch (error) {
    if (error instanceof UserFacingError) return errorReply("unavailable", error.userMessage);
    deps.log.error("command failed", { command: command.name, platform: context.channel.platform, error });
    return errorReply("unavailable", "Something went wrong on my side; nothing was changed. Please try again in a minute.");
  }
}

/** Parses and runs the text after `/papers`; never throws. */
export async function handleCommandText(text: string, context: CommandContext, deps: CommandDeps): Promise<Reply> {
  const parsed = parseCommandText(text, deps.clock.now());
  if (!parsed.ok) return parsed.reply;
  return handleCommand(parsed.command, context, deps);
}
