/**
 * `npm run discord:register`: tells Discord about `/papers` and its
 * subcommands. Run it once after installing and after a change to the
 * command declarations, never at every start (registration is rate-limited
 * and global changes take a while to reach every server). With
 * DISCORD_GUILD_ID set it registers in that one server, where updates are
 * instant: handy while trying paperboy out.
 */
import { pathToFileURL } from "node:url";
import { REST, Routes } from "discord.js";
import { buildSlashCommands } from "../adapters/discord/slash-commands.js";
import { ConfigError, loadConfig, type DiscordConfig } from "../config.js";

export interface RegisterResult {
  scope: "global" | "guild";
  names: string[];
}

export async function registerSlashCommands(config: DiscordConfig): Promise<RegisterResult> {
  if (!config.applicationId) {
    throw new ConfigError(
      "DISCORD_APPLICATION_ID is missing: copy the Application ID from the Discord Developer Portal (General Information)",
    );
  }
  const rest = new REST(config.apiUrl ? { api: config.apiUrl } : {}).setToken(config.token);
  const route = config.guildId
    ? Routes.applicationGuildCommands(config.applicationId, config.guildId)
    : Routes.applicationCommands(config.applicationId);
  // PUT replaces the whole set, so a subcommand removed from the declarations disappears from Discord too.
  const registered = (await rest.put(route, { body: buildSlashCommands() })) as Array<{ name: string }>;
  return { scope: config.guildId ? "guild" : "global", names: registered.map((command) => command.name) };
}

async function main(): Promise<void> {
  const config = loadConfig();
  if (!config.discord) {
    throw new ConfigError("DISCORD_TOKEN is missing: set it to the bot token from the Developer Portal (Bot → Reset Token)");
  }
  const result = await registerSlashCommands(config.discord);
  const where = result.scope === "guild" ? `in server ${config.discord.guildId}` : "globally (may take up to an hour to appear everywhere)";
  console.log(`Registered /${result.names.join(", /")} ${where}.`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error: unknown) => {
    const message = error instanceof Error ? error.message : String(error);
    console.error(`discord:register failed: ${message}`);
    process.exitCode = 1;
  });
}
