/**
 * The shell adapter, the default when no Slack or Discord credentials are set:
 * a chat in the terminal, in a local channel, like hubot's shell. Interactive
 * on a terminal; reading from a pipe it answers each line in order and
 * finishes at the end of input, so scripts can drive it.
 */
import { randomUUID } from "node:crypto";
import { createInterface } from "node:readline";
import type { Readable, Writable } from "node:stream";
import { handleCommandText } from "../../commands/index.js";
import type { ChatPlatform, PostedMessage } from "../../core/ports.js";
import type { ChannelRef, Paper } from "../../core/types.js";
import type { AdapterDeps, ChatAdapter } from "../chat-adapter.js";
import { parseShellLine } from "./inbound.js";
import { cleanText, renderDigestEntry, renderDigestRoot, renderReply } from "./render.js";

export const SHELL_CHANNEL: ChannelRef = { platform: "shell", workspace: "local", channel: "terminal" };

export interface ShellOptions {
  input: Readable;
  output: Writable;
  /** Show a prompt and a greeting (a terminal), or only answers (a pipe). */
  interactive: boolean;
  user?: string;
}

export interface ShellAdapter extends ChatAdapter {
  /** Resolves when the input ends or the user quits, after the last answer is written. */
  finished: Promise<void>;
}

export function createShellAdapter(options: ShellOptions, deps: AdapterDeps): ShellAdapter {
  const { paperboy, log, clock } = deps;
  const user = options.user ?? "you";
  const say = (text: string) => options.output.write(`${text}\n`);
  // What `+1 <number>` refers to: the papers of the last listing or digest, by number.
  let listed = new Map<number, Paper>();

  const chat: ChatPlatform = {
    platform: "shell",
    async postDigestRoot(_channel, header): Promise<PostedMessage> {
      listed = new Map();
      say(renderDigestRoot(header));
      const messageId = `terminal:${randomUUID()}`;
      return { messageId, threadId: messageId };
    },
    async postDigestEntry(_channel, _thread, entry): Promise<PostedMessage> {
      listed.set(entry.position, entry.paper);
      say(renderDigestEntry(entry));
      return { messageId: `terminal:${randomUUID()}` };
    },
    async postNotice(_channel, text): Promise<PostedMessage> {
      say(cleanText(text));
      return { messageId: `terminal:${randomUUID()}` };
    },
  };

  async function vote(number: number, retract: boolean): Promise<void> {
    const paper = listed.get(number);
    if (!paper) {
      say(listed.size ? `There is no paper ${number} in the last list (1 to ${listed.size}).` : "List some papers first: /papers top, or /papers <words>.");
      return;
    }
    const input = { platform: "shell" as const, workspace: SHELL_CHANNEL.workspace, user, paperId: paper.id, emoji: "+1" };
    const outcome = retract ? await paperboy.unvote(input) : await paperboy.vote(input);
    const title = cleanText(paper.title).slice(0, 80);
    const tally = `${outcome.votes} vote${outcome.votes === 1 ? "" : "s"}`;
    if (retract) say(outcome.changed ? `Took back your vote for [${number}] ${title} (${tally}).` : `You had not voted for [${number}].`);
    else say(outcome.changed ? `Voted for [${number}] ${title} (${tally}).` : `You already voted for [${number}] (${tally}).`);
  }

  async function handleLine(line: string): Promise<boolean> {
    const input = parseShellLine(line);
    switch (input.kind) {
      case "empty":
        return true;
      case "quit":
        return false;
      case "unknown":
        say(`I only know /papers commands and votes. Type /papers help.`);
        return true;
      case "vote":
      case "unvote":
        await vote(input.number, input.kind === "unvote");
        return true;
      case "command": {
        const reply = await handleCommandText(input.text, { channel: SHELL_CHANNEL, user, isAdmin: true }, { paperboy, chat, clock, log });
        if (reply.kind === "papers") listed = new Map(reply.papers.map((view, i) => [i + 1, view.paper]));
        say(renderReply(reply));
        return true;
      }
    }
  }

  let finish!: () => void;
  const finished = new Promise<void>((resolve) => {
    finish = resolve;
  });
  let lines: ReturnType<typeof createInterface> | undefined;

  return {
    chat,
    finished,
    async start() {
      lines = createInterface({ input: options.input, output: options.interactive ? options.output : undefined, terminal: options.interactive });
      if (options.interactive) lines.setPrompt("paperboy> ");
      const prompt = () => options.interactive && lines?.prompt();
      prompt();
      // Lines are answered one at a time, in order, however fast a pipe delivers them.
      void (async () => {
        try {
          for await (const line of lines as AsyncIterable<string>) {
            let goOn = true;
            try {
              goOn = await handleLine(line);
            } catch (error) {
              log.error("shell line failed", { error });
              say("Something went wrong on my side; nothing was changed.");
            }
            if (!goOn) break;
            prompt();
          }
        } finally {
          lines?.close();
          finish();
        }
      })();
    },
    async stop() {
      lines?.close();
      await finished;
    },
  };
}
