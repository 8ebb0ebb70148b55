// Helpers for Slack's text formats: escaping mrkdwn and the <!date> token.

/**
 * Escapes the three characters Slack's mrkdwn treats as control characters, so a circuit name or
 * a template cannot inject links or mentions (`<!channel>`).
 */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Whether `epochMs` is a time a `Date` can hold (|t| <= 8.64e15 ms). */
function representable(epochMs: number): boolean {
  return Number.isFinite(epochMs) && Math.abs(epochMs) <= 8.64e15;
}

/**
 * "2024-05-01 12:34:56 UTC": the fallback for clients that cannot render a <!date> token. A
 * time no `Date` can hold (a faulty clock) reads "unknown time" instead of losing the alert.
 */
export function utcTime(epochMs: number): string {
  if (!representable(epochMs)) return 'unknown time';
  const iso = new Date(epochMs).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)} UTC`;
}

/**
 * A Slack date token: each reader sees the time in their own time zone and locale
 * (e.g. "Yesterday 14:03:27"), with a UTC fallback.
 */
export function slackDate(epochMs: number): string {
  if (!representable(epochMs)) return utcTime(epochMs);
  const seconds = Math.floor(epochMs / 1000);
  return `<!date^${seconds}^{date_short_pretty} {time_secs}|${utcTime(epochMs)}>`;
}
