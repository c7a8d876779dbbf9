/**
 * One paper, one id: every spelling of an arXiv id a source might send ends
 * up as the same bare id, and papers without one get an id from their title
 * that survives re-spacing and re-casing.
 */
import { describe, expect, it } from "vitest";
import { contentId, normaliseArxivId, paperIdFor } from "../../src/core/paper-id.js";

describe("normalising arXiv ids", () => {
  it.each([
    ["arXiv:2401.12345v2", "2401.12345"],
    ["2401.12345", "2401.12345"],
    ["  2401.12345v10 ", "2401.12345"],
    ["https://arxiv.org/abs/2401.12345v3", "2401.12345"],
    ["https://arxiv.org/pdf/2401.12345v1.pdf", "2401.12345"],
    ["https://huggingface.co/papers/2401.12345", "2401.12345"],
    ["2501.00001", "2501.00001"],
    ["arXiv:2501.00001v1", "2501.00001"],
    ["hep-th/9901001v2", "hep-th/9901001"],
    ["hep-th/9901001", "hep-th/9901001"],
    ["https://arxiv.org/abs/math.AG/0601001", "math.ag/0601001"],
  ])("reads %s as %s", (raw, id) => {
    expect(normaliseArxivId(raw)).toBe(id);
  });

  it.each([
    "",
    "hello world",
    "2401.123",
    "24011.2345",
    "2401.12345x",
    "https://example.com/paper/2401.12345",
    "doi:10.1000/182",
    "hep-th/99",
  ])("refuses %j", (raw) => {
    expect(normaliseArxivId(raw)).toBeUndefined();
  });
});

describe("content ids for papers without an arXiv id", () => {
  it("gives the same id to the same title however it is spaced or cased", () => {
    const id = contentId("Attention Is All You Need");
    expect(id).toMatch(/^pb-[0-9a-f]{16}$/);
    expect(contentId("  attention   is all\nyou NEED ")).toBe(id);
    expect(contentId("Attention is all you need.")).toBe(id);
  });

  it("gives different titles different ids", () => {
    expect(contentId("Attention Is All You Need")).not.toBe(contentId("Attention Is Not All You Need"));
    expect(contentId("Spiking neural networks")).not.toBe(contentId("Spiking neural network"));
  });

  it("stores a paper under its arXiv id, from the id or the url, and under a content id otherwise", () => {
    expect(paperIdFor({ id: "arXiv:2401.12345v2", title: "A" })).toBe("2401.12345");
    expect(paperIdFor({ url: "https://arxiv.org/abs/2401.54321v1", title: "B" })).toBe("2401.54321");
    expect(paperIdFor({ id: "not-an-id", title: "Some Title" })).toBe(contentId("Some Title"));
    expect(paperIdFor({ title: "Some Title" })).toBe(contentId("some   title"));
  });
});
