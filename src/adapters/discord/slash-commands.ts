/**
 * The `/papers` slash command as Discord's registration JSON, generated from
 * the shared command declarations so Discord offers exactly the subcommands
 * the other platforms understand.
 *
 * Permissions: Discord sets `default_member_permissions` per command, not per
 * subcommand. `/papers search` must work for everyone, so the command is open
 * (`null`), and the handler checks Manage Channels itself before any admin
 * subcommand (subscribe, unsubscribe, digest) runs. A server can still narrow
 * who sees `/papers` under Server Settings → Integrations.
 */
import { ApplicationCommandOptionType, ApplicationCommandType, ApplicationIntegrationType, InteractionContextType } from "discord.js";
import type {
  APIApplicationCommandBasicOption,
  APIApplicationCommandSubcommandOption,
  RESTPostAPIChatInputApplicationCommandsJSONBody,
} from "discord.js";
import { COMMANDS, type ArgumentDeclaration, type CommandDeclaration } from "../../commands/declarations.js";

export const COMMAND_NAME = "papers";
const DESCRIPTION_LIMIT = 100;

function describe(text: string): string {
  return text.length <= DESCRIPTION_LIMIT ? text : `${text.slice(0, DESCRIPTION_LIMIT - 1)}…`;
}

function optionFor(argument: ArgumentDeclaration): APIApplicationCommandBasicOption {
  const option: APIApplicationCommandBasicOption = {
    type: ApplicationCommandOptionType.String,
    name: argument.name,
    description: describe(argument.description),
    required: argument.required,
  };
  if (argument.choices) {
    return { ...option, choices: argument.choices.map((choice) => ({ name: choice, value: choice })) };
  }
  return {
    ...option,
    ...(argument.autocomplete ? { autocomplete: true } : {}),
    ...(argument.maxLength !== undefined ? { max_length: argument.maxLength } : {}),
  } as APIApplicationCommandBasicOption;
}

function subcommandFor(declaration: CommandDeclaration): APIApplicationCommandSubcommandOption {
  // Discord wants required options before optional ones.
  const ordered = [...declaration.arguments].sort((a, b) => Number(b.required) - Number(a.required));
  const suffix = declaration.admin ? " (needs Manage Channels)" : "";
  return {
    type: ApplicationCommandOptionType.Subcommand,
    name: declaration.name,
    description: describe(declaration.summary + suffix),
    options: ordered.map(optionFor),
  };
}

/** The body for `PUT /applications/:id/commands` (or the guild variant). */
export function buildSlashCommands(): RESTPostAPIChatInputApplicationCommandsJSONBody[] {
  return [
    {
      type: ApplicationCommandType.ChatInput,
      name: COMMAND_NAME,
      description: "Trending research papers: search, top, daily digest threads",
      default_member_permissions: null,
      contexts: [InteractionContextType.Guild],
      integration_types: [ApplicationIntegrationType.GuildInstall],
      options: COMMANDS.map(subcommandFor),
    },
  ];
}
