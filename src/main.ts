/**
 * paperboy's composition root: read the configuration, open the store (with
 * its migrations, index and sample corpus), start the chat adapters that have
 * credentials (the terminal chat when none do) and the scheduler, and shut it
 * all down cleanly on SIGINT/SIGTERM. The only file that knows every part.
 */
import type { ChatAdapter } from "./adapters/chat-adapter.js";
import { createShellAdapter } from "./adapters/shell/index.js";
import { openCore } from "./app.js";
import { ConfigError, type Config, describeConfig, loadConfig } from "./config.js";
import { type ChatPlatform, systemClock } from "./core/ports.js";
import type { Platform } from "./core/types.js";
import { createLogger, redactSecrets } from "./logger.js";
import { createIngestSources, createJobClaims, createScheduler, type Scheduler } from "./scheduler/index.js";
import { createSourceFactories } from "./source-factories.js";

async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`paperboy: ${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }

  const useShell = !config.slack && !config.discord;
  const interactive = useShell && Boolean(process.stdin.isTTY);
  const log = createLogger({ level: config.logLevel ?? (useShell ? "error" : "info"), secrets: config.secrets });
  process.on("unhandledRejection", (reason) => log.error("unhandled rejection (kept running)", { error: reason }));
  log.info("starting paperboy", describeConfig(config));

  const clock = systemClock;
  const { paperboy, database, papers } = await openCore(config, { clock, log });
  log.info("search index ready", { papers });

  const adapters: ChatAdapter[] = [];
  const chats: Partial<Record<Platform, ChatPlatform>> = {};
  const deps = { paperboy, log, clock };
  // Platform SDKs load only when configured: the terminal chat starts without them.
  if (config.slack) {
    const { createSlackAdapter } = await import("./adapters/slack/index.js");
    const slack = createSlackAdapter(config.slack, deps);
    adapters.push(slack);
    chats.slack = slack.chat;
  }
  if (config.discord) {
    const { createDiscordAdapter } = await import("./adapters/discord/index.js");
    const discord = createDiscordAdapter(config.discord, deps);
    adapters.push(discord);
    chats.discord = discord.chat;
  }
  const shell = useShell
    ? createShellAdapter({ input: process.stdin, output: process.stdout, interactive, user: config.shellUser }, deps)
    : undefined;
  if (shell) {
    adapters.push(shell);
    chats.shell = shell.chat;
  }

  // A piped shell session answers its lines and leaves; it has no day to schedule.
  let scheduler: Scheduler | undefined;
  if (config.schedule.enabled && (!useShell || interactive)) {
    scheduler = createScheduler({
      paperboy,
      chats,
      ingestSources: createIngestSources(createSourceFactories(config), config.arxivCategories),
      claims: createJobClaims(database.db),
      clock,
      log,
      config: config.schedule,
    });
  }

  let stopping: Promise<void> | undefined;
  const shutdown = (reason: string): Promise<void> => {
    stopping ??= (async () => {
      log.info("shutting down", { reason });
      await scheduler?.stop();
      await Promise.allSettled(adapters.map((adapter) => adapter.stop()));
      await database.close();
    })();
    return stopping;
  };
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.once(signal, () => {
      void shutdown(signal).then(() => process.exit(0));
    });
  }

  if (shell && interactive) {
    process.stdout.write(
      `paperboy: ${papers} papers on hand. Try /papers spiking, /papers digest, +1 <number>; /papers help lists everything.\n`,
    );
  }
  for (const adapter of adapters) await adapter.start();
  void scheduler?.start();

  if (shell) {
    await shell.finished;
    await shutdown("end of input");
    process.exit(0);
  }
}

main().catch((error: unknown) => {
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`paperboy failed to start: ${redactSecrets(message)}\n`);
  process.exit(1);
});
