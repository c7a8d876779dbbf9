/**
 * Reading Slack messages the way a person sees them: the text Slack would
 * display (fallback and every `text` in the blocks) and the buttons offered.
 * Shared by the Slack adapter tests and the benchmark.
 */

/** Every string Slack would display; button values are data and never shown. */
export function displayedText(message: unknown): string[] {
  const found: string[] = [];
  const walk = (node: unknown, key?: string): void => {
    if (typeof node === "string") {
      if (key === "text") found.push(node);
    } else if (Array.isArray(node)) {
      for (const item of node) walk(item);
    } else if (node !== null && typeof node === "object") {
      for (const [childKey, value] of Object.entries(node)) {
        if (childKey !== "value" && childKey !== "action_id" && childKey !== "block_id") walk(value, childKey);
      }
    }
  };
  walk(message);
  return found;
}

/** `<!channel>`, `<!here>`, `<!everyone>`, `<@U…>`, `<#C…>`, `<!subteam^…>`: what Slack would turn into a ping or a link. */
export const LIVE_MENTION = /<[!@#]/;

export interface SlackButton {
  actionId: string;
  blockId: string;
  value: string;
  text: string;
}

export function buttonsIn(blocks: unknown): SlackButton[] {
  if (!Array.isArray(blocks)) return [];
  const buttons: SlackButton[] = [];
  for (const block of blocks as Array<{ type?: string; block_id?: string; elements?: unknown[] }>) {
    if (block.type !== "actions" || !Array.isArray(block.elements)) continue;
    for (const element of block.elements as Array<{ type?: string; action_id?: string; value?: string; text?: { text?: string } }>) {
      if (element.type !== "button") continue;
      buttons.push({
        actionId: element.action_id ?? "",
        blockId: block.block_id ?? "",
        value: element.value ?? "",
        text: element.text?.text ?? "",
      });
    }
  }
  return buttons;
}
