/**
 * The `/papers` language: declarations, parsing, running, and the Reply
 * values adapters render.
 */
export type { Command, CommandContext, CommandDeps, ParseResult } from "./command.js";
export { COMMANDS, type CommandDeclaration, type CommandName, declarationOf, MAX_QUERY_LENGTH } from "./declarations.js";
export { commandFromOptions, parseCommandText } from "./parse.js";
export type { HelpSection, Reply, UserErrorCode } from "./reply.js";
export { errorReply } from "./reply.js";
export { handleCommand, handleCommandText, helpReply, runCommand } from "./run.js";
