/**
 * What every chat adapter (Slack, Discord, shell) offers the composition root:
 * its ChatPlatform for digests, and a life cycle.
 */
import type { Paperboy } from "../core/api.js";
import type { ChatPlatform, Clock, Logger } from "../core/ports.js";

export interface AdapterDeps {
  paperboy: Paperboy;
  log: Logger;
  clock: Clock;
}

export interface ChatAdapter {
  readonly chat: ChatPlatform;
  start(): Promise<void>;
  /** Stops taking new work; resolves when in-flight work is done. */
  stop(): Promise<void>;
}
