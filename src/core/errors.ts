/**
 * An outside failure that the person who asked can act on ("I can't start
 * threads in #papers: give me Create Public Threads"). Adapters throw it with
 * a message written for that person; the command layer shows it as it is.
 * Anything else that goes wrong is logged and answered with one calm line.
 */
export class UserFacingError extends Error {
  override name = "UserFacingError";

  constructor(
    /** Shown to the user as it is: no secrets, no stack, plain words. */
    readonly userMessage: string,
    options?: { cause?: unknown },
  ) {
    super(userMessage, options);
  }
}
