/**
 * `npm run migrate`: bring the database (DATABASE_URL, or the embedded one in
 * DATA_DIR) up to the latest schema. The bot does the same at every start.
 */
import { ConfigError, loadConfig, redactUrl } from "../config.js";
import { openDatabase } from "../core/store/database.js";
import { migrateToLatest } from "../core/store/migrate.js";
import { redactSecrets } from "../logger.js";

try {
  const config = loadConfig();
  const database = await openDatabase({ url: config.databaseUrl, dataDir: config.dataDir });
  try {
    const { applied } = await migrateToLatest(database.db);
    const where = config.databaseUrl ? redactUrl(config.databaseUrl) : config.dataDir;
    console.log(applied.length ? `Applied ${applied.join(", ")} to ${where}.` : `${where} is up to date.`);
  } finally {
    await database.close();
  }
} catch (error) {
  const message = error instanceof ConfigError || error instanceof Error ? error.message : String(error);
  console.error(`migrate failed: ${redactSecrets(message)}`);
  process.exitCode = 1;
}
