/**
 * `/papers <query>` as a Slack user meets it: a signed, form-encoded slash
 * command posted to the real Bolt HTTP receiver of paperboy's Slack adapter,
 * answered through the `response_url` on a fake of Slack's Web API (the same
 * loopback fake the adapter tests use). The time is from sending the request
 * to the answer landing at the response URL, with 50 clients at once.
 */
import { performance } from "node:perf_hooks";
import { createSlackAdapter } from "../src/adapters/slack/index.js";
import type { SlackConfig } from "../src/config.js";
import type { Paperboy } from "../src/core/api.js";
import type { Clock, Logger } from "../src/core/ports.js";
import { createFakeSlack } from "../tests/support/fake-slack.js";
import { createSlackSender } from "../tests/support/slack-requests.js";
import { type Percentiles, percentiles } from "./stats.js";

const SIGNING_SECRET = "bench-signing-secret";

export async function measureSlackSearch(options: {
  paperboy: Paperboy;
  log: Logger;
  clock: Clock;
  queries: readonly string[];
  clients: number;
}): Promise<Percentiles & { requests: number; failed: number }> {
  const fake = await createFakeSlack();
  const config: SlackConfig = {
    botToken: fake.token,
    signingSecret: SIGNING_SECRET,
    port: 0,
    apiUrl: fake.apiUrl,
    admins: [],
    voteEmoji: ["+1"],
  };
  const adapter = createSlackAdapter(config, {
    paperboy: options.paperboy,
    log: options.log,
    clock: options.clock,
    retryConfig: { retries: 0, factor: 1, minTimeout: 0, maxTimeout: 0, randomize: false },
    host: "127.0.0.1",
  });
  await adapter.start();
  const sender = createSlackSender({ url: `http://127.0.0.1:${adapter.port}/slack/events`, signingSecret: SIGNING_SECRET, fake });
  // One watcher for every answer that lands on the fake's response URLs: polling each URL
  // from 50 clients would spend the CPU the measurement is trying to measure.
  const arrived = new Set<string>();
  const waiting = new Map<string, () => void>();
  let seen = 0;
  const watcher = setInterval(() => {
    const responses = fake.responses;
    while (seen < responses.length) {
      const id = (responses[seen++] as { id: string }).id;
      const wake = waiting.get(id);
      if (wake) {
        waiting.delete(id);
        wake();
      } else {
        arrived.add(id);
      }
    }
  }, 1);
  const latencies: number[] = [];
  let failed = 0;
  let next = 0;
  try {
    // Warm-up: the first requests pay for connection set-up and JIT.
    for (const text of options.queries.slice(0, 20)) await sendAndWait(text);
    await Promise.all(
      Array.from({ length: options.clients }, async () => {
        while (next < options.queries.length) {
          const text = options.queries[next++] as string;
          const start = performance.now();
          const ok = await sendAndWait(text);
          if (ok) latencies.push(performance.now() - start);
          else failed += 1;
        }
      }),
    );
  } finally {
    clearInterval(watcher);
    await adapter.stop();
    await fake.close();
  }
  return { ...percentiles(latencies), requests: latencies.length, failed };

  async function sendAndWait(text: string): Promise<boolean> {
    const receipt = await sender.command(text);
    if (receipt.status !== 200) return false;
    const id = new URL(receipt.responseUrl).pathname.slice("/response/".length);
    if (arrived.delete(id)) return true;
    return new Promise<boolean>((resolve) => {
      const timeout = setTimeout(() => {
        waiting.delete(id);
        resolve(false);
      }, 10_000);
      waiting.set(id, () => {
        clearTimeout(timeout);
        resolve(true);
      });
    });
  }
}
