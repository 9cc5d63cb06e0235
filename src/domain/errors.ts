/**
 * A problem with the user's input or invocation that padan can explain in one line
 * (bad config, unreadable file, bad option). The CLI prints it without a stack trace and exits 2.
 * Anything else that is thrown is a bug in padan.
 */
export class PadanError extends Error {
  constructor(
    message: string,
    /** Further lines (e.g. every config problem) printed after the first. */
    readonly details: string[] = [],
  ) {
    super(message);
    this.name = 'PadanError';
  }
}
