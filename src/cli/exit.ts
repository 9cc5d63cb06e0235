/**
 * Exit codes are a contract CI jobs rely on:
 * 0 ran, nothing at or above the --fail-on threshold;
 * 1 ran, findings at or above the threshold;
 * 2 usage error, bad config or unreadable input (one-line reason, no stack trace).
 */
export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_USAGE = 2;
