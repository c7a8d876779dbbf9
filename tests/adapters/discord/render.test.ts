/**
 * The Discord renderer, with exact expectations: what a paper looks like as
 * an embed, how hostile text is defused, and how Discord's limits (10 embeds,
 * 256-character titles, 4096-character descriptions, 6000 in all, 5 rows of
 * buttons) are kept whatever the command layer hands over.
 */
import { describe, expect, it } from "vitest";
import {
  LIMITS,
  embedLength,
  escapeText,
  neutraliseMentions,
  paperEmbed,
  renderDigestEntry,
  renderDigestRoot,
  renderReply,
  renderTitleChoices,
  slashUsage,
  toSlashSyntax,
  truncate,
  withVoteCount,
} from "../../../src/adapters/discord/render.js";
import { declarationOf } from "../../../src/commands/declarations.js";
import { testPaper, testView } from "../../support/papers.js";

const ZWSP = "\u200b";

const paper = testPaper;
const view = testView;

describe("escaping paper text", () => {
  it("turns @everyone, @here and user, role and channel mentions into inert text", () => {
    expect(neutraliseMentions("@everyone @here <@123> <@!456> <@&789> <#42>")).toBe(
      `@${ZWSP}everyone @${ZWSP}here <${ZWSP}@123> <${ZWSP}@!456> <${ZWSP}@&789> <${ZWSP}#42>`,
    );
  });

  it("shows markdown characters literally and defuses mentions in the same pass", () => {
    expect(escapeText("@everyone <@123> **bold**")).toBe(`@${ZWSP}everyone <${ZWSP}@123> \\*\\*bold\\*\\*`);
    expect(escapeText("# Heading [link](https://evil.example) ~~x~~ `code` ||spoiler||")).toBe(
      "\\# Heading \\[link](https://evil.example) \\~\\~x\\~\\~ \\`code\\` \\|\\|spoiler\\|\\|",
    );
    expect(escapeText("> quoted")).toBe("\\> quoted");
  });

  it("cuts long text with an ellipsis, never leaving a dangling escape", () => {
    expect(truncate("abcdef", 4)).toBe("abc…");
    expect(truncate("abc", 3)).toBe("abc");
    expect(truncate("a\\*bc", 3)).toBe("a…");
    expect(truncate("🚀🚀🚀", 2)).toBe("🚀…");
  });
});

describe("a paper as an embed", () => {
  it("has a numbered linked title, authors, the abstract and the votes with the paper id", () => {
    expect(paperEmbed(view({}, 3), { position: 1, abstractLength: 350 })).toEqual({
      title: "1. Spiking Neural Networks at Scale",
      url: "https://arxiv.org/abs/2401.12345",
      color: 0xb31b1b,
      description: "*Ada Lovelace, Alan Turing*\nWe train spiking networks with surrogate gradients.",
      footer: { text: "▲ 3 votes · 2401.12345" },
    });
  });

  it("escapes a hostile title and cuts it to 256 characters", () => {
    const embed = paperEmbed(view({ title: `@everyone <@123> **bold** ${"x".repeat(400)}` }), { abstractLength: 10 });
    expect(embed.title?.startsWith(`@${ZWSP}everyone <${ZWSP}@123> \\*\\*bold\\*\\* xxx`)).toBe(true);
    expect(Array.from(embed.title ?? "")).toHaveLength(256);
    expect(embed.title?.endsWith("x…")).toBe(true);
  });

  it("links arXiv papers to their abstract page when the stored URL is not a web link", () => {
    expect(paperEmbed(view({ url: "javascript:alert(1)" }), { abstractLength: 0 }).url).toBe("https://arxiv.org/abs/2401.12345");
    expect(paperEmbed(view({ id: "pb-0123456789abcdef", url: "" }), { abstractLength: 0 }).url).toBeUndefined();
  });

  it("shortens a long author list with et al.", () => {
    const authors = ["A", "B", "C", "D", "E", "F", "G", "H"];
    expect(paperEmbed(view({ authors, abstract: "" }), { abstractLength: 100 }).description).toBe("*A, B, C, D, E, F et al.*");
  });
});

describe("replies", () => {
  const tenLongPapers = Array.from({ length: 12 }, (_, index) =>
    view({ id: `2401.1000${index}`, title: `Paper ${index} ${"t".repeat(300)}`, abstract: "a".repeat(5000) }, index),
  );

  it("renders a result list as at most ten embeds within 6000 characters, with buttons in at most five rows", () => {
    const body = renderReply({ kind: "papers", heading: "Results for \"spiking\"", papers: tenLongPapers, empty: "none" });
    expect(body.embeds).toHaveLength(10);
    expect(body.embeds.reduce((sum, embed) => sum + embedLength(embed), 0)).toBeLessThanOrEqual(LIMITS.embedsTotal);
    for (const embed of body.embeds) {
      expect(Array.from(embed.title ?? "").length).toBeLessThanOrEqual(LIMITS.embedTitle);
      expect(Array.from(embed.description ?? "").length).toBeLessThanOrEqual(LIMITS.embedDescription);
    }
    expect(body.components).toHaveLength(5);
    expect(body.components.every((row) => row.components.length <= 5)).toBe(true);
    expect(body.components[0]?.components.map((button) => ("custom_id" in button ? button.custom_id : ""))).toEqual([
      "upvote:2401.10000",
      "share:2401.10000",
      "upvote:2401.10001",
      "share:2401.10001",
    ]);
    expect(body.content).toBe('**Results for "spiking"**');
    expect(body.allowedMentions).toEqual({ parse: [] });
  });

  it("shows a short list with its abstracts and one Upvote and Share button per paper", () => {
    const body = renderReply({ kind: "papers", heading: "Top this week", papers: [view({}, 2)], empty: "none" });
    expect(body.embeds[0]?.description).toBe("*Ada Lovelace, Alan Turing*\nWe train spiking networks with surrogate gradients.");
    expect(body.components).toEqual([
      {
        type: 1,
        components: [
          { type: 2, style: 1, label: "▲ #1 · 2", custom_id: "upvote:2401.12345" },
          { type: 2, style: 2, label: "Share #1", custom_id: "share:2401.12345" },
        ],
      },
    ]);
  });

  it("keeps channel links in paperboy's own sentences working while defusing pings", () => {
    expect(renderReply({ kind: "error", code: "unavailable", message: "I can't start threads in <#42>, <@1>" }).content).toBe(
      `⚠️ I can't start threads in <#42>, <${ZWSP}@1>`,
    );
  });

  it("says the empty text when nothing matched, and defuses mentions in it", () => {
    expect(renderReply({ kind: "papers", heading: "h", papers: [], empty: "Nothing for @everyone" })).toEqual({
      content: `Nothing for @${ZWSP}everyone`,
      embeds: [],
      components: [],
      allowedMentions: { parse: [] },
    });
  });

  it("keeps one full paper under the 6000-character total", () => {
    const body = renderReply({ kind: "paper", paper: view({ abstract: "b".repeat(9000), categories: ["cs.NE", "cs.LG"] }) });
    expect(body.embeds).toHaveLength(1);
    expect(embedLength(body.embeds[0] ?? {})).toBeLessThanOrEqual(LIMITS.embedsTotal);
    expect(Array.from(body.embeds[0]?.description ?? "").length).toBeLessThanOrEqual(LIMITS.embedDescription);
    expect(body.embeds[0]?.fields).toEqual([
      { name: "Categories", value: "cs.NE, cs.LG", inline: true },
      { name: "Published", value: "2026-11-25", inline: true },
    ]);
  });

  it("shows errors with a working example in slash-command form", () => {
    expect(
      renderReply({ kind: "error", code: "bad-time", message: "Time must be HH:MM.", example: "/papers subscribe time 08:30" })
        .content,
    ).toBe("⚠️ Time must be HH:MM.\nTry: `/papers subscribe time:08:30`");
  });

  it("lists every subcommand in help, in slash-command form", () => {
    const description = renderReply({ kind: "help", sections: [] }).embeds[0]?.description ?? "";
    expect(description).toContain("`/papers search query:<query>`: Search papers");
    expect(description).toContain("`/papers top [period:day|week|month]`");
    expect(description).toContain("`/papers subscribe [time:<time>] [timezone:<timezone>] [size:<size>] [topics:<topics>]`: Post the daily digest in this channel (Manage Channels)");
  });
});

describe("slash-command syntax", () => {
  it("rewrites text examples for Discord", () => {
    expect(toSlashSyntax("/papers spiking neural networks")).toBe("/papers search query:spiking neural networks");
    expect(toSlashSyntax("/papers top week")).toBe("/papers top period:week");
    expect(toSlashSyntax("/papers subscribe time 08:30 timezone Europe/Berlin topics llm, agents")).toBe(
      "/papers subscribe time:08:30 timezone:Europe/Berlin topics:llm, agents",
    );
    expect(toSlashSyntax("/papers help")).toBe("/papers help");
    expect(slashUsage(declarationOf("show"))).toBe("/papers show id:<id>");
  });
});

describe("digest messages", () => {
  const header = { localDate: "2026-11-27", title: "Trending papers, Fri 27 Nov", paperCount: 5 };

  it("opens with the date and how to vote", () => {
    expect(renderDigestRoot(header, ["👍", "🔥"])).toEqual({
      content: "📰 **Trending papers, Fri 27 Nov**\n5 papers in the thread below. React with 👍 🔥 on a paper, or press its ▲ button, to upvote it.",
      embeds: [],
      components: [],
      allowedMentions: { parse: [] },
    });
  });

  it("posts each paper with its position and an Upvote button showing the count", () => {
    const body = renderDigestEntry({ position: 2, paper: paper(), votes: 1 });
    expect(body.embeds[0]?.title).toBe("2. Spiking Neural Networks at Scale");
    expect(body.embeds[0]?.footer?.text).toBe("▲ 1 vote · 2401.12345");
    expect(body.components).toEqual([
      { type: 1, components: [{ type: 2, style: 1, label: "▲ Upvote · 1", custom_id: "upvote:2401.12345" }] },
    ]);
    expect(body.allowedMentions).toEqual({ parse: [] });
  });

  it("refreshes one paper's count in its button and footer after a vote, leaving the others", () => {
    const list = renderReply({
      kind: "papers",
      heading: "h",
      papers: [view({}, 0), view({ id: "2401.99999" }, 4)],
      empty: "",
    });
    const updated = withVoteCount(list, "2401.12345", 1);
    expect(updated.embeds.map((embed) => embed.footer?.text)).toEqual(["▲ 1 vote · 2401.12345", "▲ 4 votes · 2401.99999"]);
    expect(updated.components[0]?.components.map((button) => ("label" in button ? button.label : undefined))).toEqual(["▲ #1 · 1", "Share #1", "▲ #2 · 4", "Share #2"]);
  });
});

describe("autocomplete", () => {
  it("offers at most 25 titles of at most 100 characters", () => {
    const titles = Array.from({ length: 30 }, (_, index) => ({ id: String(index), title: `Title ${index} ${"y".repeat(150)}` }));
    const choices = renderTitleChoices(titles);
    expect(choices).toHaveLength(25);
    expect(choices.every((choice) => Array.from(choice.name).length <= 100 && choice.value.length <= 100)).toBe(true);
  });
});
