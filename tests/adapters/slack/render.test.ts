/**
 * The Slack renderer is pure, so its promises are checked exactly: outside
 * text is escaped everywhere, links cannot be bent into mentions, and every
 * message fits Slack's limits with a fallback text.
 */
import { describe, expect, it } from "vitest";
import type { Paper, PaperView } from "../../../src/core/types.js";
import {
  MAX_BLOCKS,
  MAX_LISTED_PAPERS,
  MAX_SECTION_TEXT,
  UPVOTE_ACTION,
  SHARE_ACTION,
  digestRootMessage,
  emojiList,
  escapeLinkified,
  escapeMrkdwn,
  paperMessage,
  replyToBlocks,
  safeLinkUrl,
  trimText,
  type SlackMessage,
} from "../../../src/adapters/slack/render.js";
import { testPaper, testView } from "../../support/papers.js";

const paper = (overrides: Partial<Paper> = {}): Paper => testPaper({ abstract: "We train spiking networks.", ...overrides });
const view = (overrides: Partial<Paper> = {}, votes = 0): PaperView => ({ ...testView(overrides, votes), paper: paper(overrides) });

/** Every string Slack would display: the fallback and each `text` in the blocks (button values are data, never shown). */
function displayedText(message: SlackMessage): string[] {
  const found: string[] = [message.text];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node !== null && typeof node === "object") {
      for (const [key, value] of Object.entries(node)) {
        if (key === "text" && typeof value === "string") found.push(value);
        else walk(value);
      }
    }
  };
  walk(message.blocks);
  return found;
}

/** `<!channel>`, `<!here>`, `<@U…>`, `<#C…>`, `<!subteam^…>`: what Slack would turn into a ping or a link. */
const LIVE_MENTION = /<[!@#]/;

describe("escapeMrkdwn", () => {
  it("turns Slack's three control characters into entities", () => {
    expect(escapeMrkdwn("<!channel> hi <@U123> & <!here>")).toBe("&lt;!channel&gt; hi &lt;@U123&gt; &amp; &lt;!here&gt;");
  });

  it("keeps formatting marks in a title from opening bold, italics, strike-through or code", () => {
    expect(escapeMrkdwn("A* search, Q_1 and ~2× `fast`")).toBe("A*\u200B search, Q_\u200B1 and ~\u200B2× `\u200Bfast`\u200B");
  });

  it("leaves ordinary text alone", () => {
    expect(escapeMrkdwn("Attention is all you need")).toBe("Attention is all you need");
  });
});

describe("safeLinkUrl", () => {
  it("keeps a plain https link", () => {
    expect(safeLinkUrl("https://arxiv.org/abs/2401.12345")).toBe("https://arxiv.org/abs/2401.12345");
  });

  it("encodes the characters that would end or split <url|label>", () => {
    expect(safeLinkUrl("https://example.org/a|<!channel>?x=1&y=2")).toBe(
      "https://example.org/a%7C%3C!channel%3E?x=1&amp;y=2",
    );
  });

  it("refuses anything that is not http(s)", () => {
    expect(safeLinkUrl("javascript:alert(1)")).toBeUndefined();
    expect(safeLinkUrl("not a url")).toBeUndefined();
    expect(safeLinkUrl(undefined)).toBeUndefined();
  });
});

describe("escapeLinkified", () => {
  it("links web addresses and escapes everything around them", () => {
    expect(escapeLinkified("Already posted here: https://team.slack.com/archives/C1/p123. <!here>", 3000)).toBe(
      "Already posted here: <https://team.slack.com/archives/C1/p123>. &lt;!here&gt;",
    );
  });

  it("ends a link where Slack's link syntax would, and escapes the rest", () => {
    expect(escapeLinkified("see https://a.example/x|<!channel>", 3000)).toBe("see <https://a.example/x>|&lt;!channel&gt;");
  });

  it("does not link other schemes", () => {
    expect(escapeLinkified("javascript:alert(1) <b>", 3000)).toBe("javascript:alert(1) &lt;b&gt;");
  });
});

describe("trimText", () => {
  it("cuts at a word boundary and marks the cut", () => {
    expect(trimText("one two three four five", 12)).toBe("one two…");
  });

  it("collapses whitespace and keeps short text whole", () => {
    expect(trimText("  a\n\n b  ", 10)).toBe("a b");
  });
});

describe("replyToBlocks for a list of papers", () => {
  const reply = {
    kind: "papers" as const,
    heading: "Papers about spiking",
    papers: [view({}, 1), view({ id: "2402.00001", title: "Second", authors: [], url: "" }, 3)],
    empty: "Nothing found",
  };

  it("renders a heading, then per paper a section and its buttons", () => {
    const message = replyToBlocks(reply, { command: "spiking", share: true });
    expect(message.blocks).toEqual([
      { type: "section", text: { type: "mrkdwn", text: "*Papers about spiking*", verbatim: true } },
      {
        type: "section",
        text: {
          type: "mrkdwn",
          verbatim: true,
          text:
            "*<https://arxiv.org/abs/2401.12345|Spiking Neural Networks at Scale>*\n" +
            "Ada Lovelace, Alan Turing · arXiv 2401.12345\n" +
            "We train spiking networks.\n" +
            ":arrow_up: 1 vote",
        },
      },
      {
        type: "actions",
        block_id: "paper:2401.12345",
        elements: [
          {
            type: "button",
            action_id: UPVOTE_ACTION,
            text: { type: "plain_text", text: ":arrow_up: Upvote", emoji: true },
            value: '{"paper":"2401.12345","command":"spiking"}',
          },
          {
            type: "button",
            action_id: SHARE_ACTION,
            text: { type: "plain_text", text: "Share in channel", emoji: true },
            value: '{"paper":"2401.12345"}',
          },
        ],
      },
      {
        type: "section",
        text: {
          type: "mrkdwn",
          verbatim: true,
          // No usable URL: the arXiv page stands in.
          text: "*<https://arxiv.org/abs/2402.00001|Second>*\narXiv 2402.00001\nWe train spiking networks.\n:arrow_up: 3 votes",
        },
      },
      expect.objectContaining({ type: "actions", block_id: "paper:2402.00001" }),
    ]);
    expect(message.text).toBe("Papers about spiking\n1. Spiking Neural Networks at Scale (1 vote)\n2. Second (3 votes)");
  });

  it("says what the empty list means instead of showing nothing", () => {
    const message = replyToBlocks({ ...reply, papers: [] });
    expect(message.blocks).toEqual([
      { type: "section", text: { type: "mrkdwn", text: "*Papers about spiking*", verbatim: true } },
      { type: "section", text: { type: "mrkdwn", text: "Nothing found", verbatim: true } },
    ]);
    expect(message.text).toBe("Papers about spiking\nNothing found");
  });

  it("stays within 50 blocks and says how many it left out", () => {
    const many = Array.from({ length: 40 }, (_, index) => view({ id: `2401.${String(10000 + index)}`, title: `Paper ${index}` }));
    const message = replyToBlocks({ ...reply, papers: many });
    expect(message.blocks.length).toBeLessThanOrEqual(MAX_BLOCKS);
    expect(message.blocks.filter((block) => block.type === "actions")).toHaveLength(MAX_LISTED_PAPERS);
    expect(message.blocks.at(-1)).toEqual({
      type: "context",
      elements: [{ type: "mrkdwn", text: `…and ${40 - MAX_LISTED_PAPERS} more. Narrow the search to see them.`, verbatim: true }],
    });
  });
});

describe("hostile text from papers", () => {
  const hostile = view({
    title: "<!channel> hi <@U123> & <!here>",
    authors: ["<@U999>", "Eve <!everyone>"],
    abstract: "Click <https://evil.example|here> <#C123> <!subteam^S1>",
    url: "https://example.org/x|<!channel>",
  });

  it("never leaves a live mention, channel link or broadcast in any rendering", () => {
    const renderings = [
      replyToBlocks({ kind: "papers", heading: "<!here> results", papers: [hostile], empty: "" }, { command: "<!channel>" }),
      replyToBlocks({ kind: "paper", paper: hostile }),
      replyToBlocks({ kind: "text", text: "Subscribed <!channel>" }),
      replyToBlocks({ kind: "error", code: "empty-query", message: "bad <@U1>", example: "/papers <!here>" }),
      paperMessage(hostile.paper, 0),
    ];
    for (const message of renderings) {
      for (const text of displayedText(message)) expect(text).not.toMatch(LIVE_MENTION);
    }
  });

  it("shows the title as the literal text people wrote", () => {
    const section = replyToBlocks({ kind: "paper", paper: hostile }).blocks[0];
    expect(section).toMatchObject({
      text: {
        text: expect.stringContaining(
          "*<https://example.org/x%7C%3C!channel%3E|&lt;!channel&gt; hi &lt;@U123&gt; &amp; &lt;!here&gt;>*",
        ) as unknown,
      },
    });
  });
});

describe("long text", () => {
  it("trims a full abstract so the section stays within 3000 characters", () => {
    const long = view({ abstract: "word ".repeat(2000), title: "T".repeat(1000) });
    const message = replyToBlocks({ kind: "paper", paper: long });
    const text = (message.blocks[0] as { text: { text: string } }).text.text;
    expect(text.length).toBeLessThanOrEqual(MAX_SECTION_TEXT);
    expect(text).toMatch(/…\n:arrow_up: 0 votes$/);
  });

  it("counts the entities escaping adds when it trims", () => {
    const long = view({ abstract: "<&>".repeat(2000) });
    const text = (replyToBlocks({ kind: "paper", paper: long }).blocks[0] as { text: { text: string } }).text.text;
    expect(text.length).toBeLessThanOrEqual(MAX_SECTION_TEXT);
    expect(text).not.toMatch(/&(?:a|am|amp|l|lt|g|gt)?…/);
  });

  it("keeps the Upvote button's value under Slack's 2000 characters", () => {
    const message = replyToBlocks(
      { kind: "papers", heading: "h", papers: [view()], empty: "" },
      { command: "x".repeat(5000) },
    );
    const actions = message.blocks[2] as { elements: Array<{ value: string }> };
    expect(actions.elements[0]?.value.length).toBeLessThanOrEqual(2000);
  });
});

describe("digest messages", () => {
  it("opens the thread with the date and how to vote", () => {
    const message = digestRootMessage(
      { localDate: "2026-11-27", title: "Trending papers, Fri 27 Nov", paperCount: 5 },
      ["+1", "arrow_up", "fire"],
    );
    expect(message).toEqual({
      text: "Trending papers, Fri 27 Nov: 5 papers in the thread.",
      blocks: [
        { type: "header", text: { type: "plain_text", text: "Trending papers, Fri 27 Nov", emoji: true } },
        {
          type: "context",
          elements: [
            {
              type: "mrkdwn",
              verbatim: true,
              text: "5 papers in the thread. React with :+1: :arrow_up: :fire: on a paper in this thread, or press its Upvote button, to vote. Votes decide what trends.",
            },
          ],
        },
      ],
    });
  });

  it("posts a paper with its Upvote button and no share button", () => {
    const message = paperMessage(paper(), 2);
    expect(message.text).toBe("Spiking Neural Networks at Scale (2 votes)");
    expect(message.blocks[1]).toEqual({
      type: "actions",
      block_id: "paper:2401.12345",
      elements: [
        {
          type: "button",
          action_id: UPVOTE_ACTION,
          text: { type: "plain_text", text: ":arrow_up: Upvote", emoji: true },
          value: '{"paper":"2401.12345"}',
        },
      ],
    });
  });

  it("reduces configured emoji names to the characters Slack uses", () => {
    expect(emojiList(["+1", "thumbsup::skin-tone-2", "<!channel>"])).toBe(":+1: :thumbsupskin-tone-2: :channel:");
  });
});

describe("other replies", () => {
  it("renders an error with the example that works", () => {
    expect(replyToBlocks({ kind: "error", code: "bad-time", message: "Time must be HH:MM", example: "/papers subscribe time 08:30" })).toEqual({
      text: ":warning: Time must be HH:MM\nTry: `/papers subscribe time 08:30`",
      blocks: [
        {
          type: "section",
          text: { type: "mrkdwn", verbatim: true, text: ":warning: Time must be HH:MM\nTry: `/papers subscribe time 08:30`" },
        },
      ],
    });
  });

  it("renders help with usage, summary and examples, angle brackets escaped", () => {
    const message = replyToBlocks({
      kind: "help",
      sections: [{ usage: "/papers <query>", summary: "Search papers", examples: ["/papers spiking"] }],
    });
    expect(message.blocks[1]).toEqual({
      type: "section",
      text: { type: "mrkdwn", verbatim: true, text: "`/papers &lt;query&gt;`\nSearch papers\n`/papers spiking`" },
    });
  });

  it("always carries a fallback text", () => {
    expect(replyToBlocks({ kind: "text", text: "Subscribed." }).text).toBe("Subscribed.");
    expect(replyToBlocks({ kind: "text", text: " " })).toEqual({
      text: "paperboy",
      blocks: [{ type: "section", text: { type: "mrkdwn", verbatim: true, text: "_(nothing to show)_" } }],
    });
  });
});
