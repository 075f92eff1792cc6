import { z } from 'zod';

// an agent's summary of itself in a heartbeat (seed 004): its bounds, which the heartbeat receiver
// enforces, and how the SDK brings a summary within them before sending it.

/** bounds of an agent summary on the wire; the receiver rejects a summary past them. */
export const SUMMARY_LIMITS = { activity: 500, action: 300, reasons: 10, reason: 200 } as const;

/** the agent's own account of what it is doing, as a heartbeat's `summary` carries it. */
export interface HeartbeatSummary {
  /** what the agent is doing now, in a sentence. */
  current_activity?: string;
  /** how sure the agent is that it is on its task, 0..1. */
  confidence?: number;
  /** why it thinks it may be drifting. */
  drift_reasons?: string[];
  /** what it (or an operator) should do next. */
  recommended_action?: string;
}

// no control characters: a summary is shown on the console and in logs.
const printable = (max: number) =>
  z
    .string()
    .min(1)
    .max(max)
    .regex(/^[^\p{Cc}]+$/u, 'must not contain control characters');

/** what the receiver accepts as a summary: at least one field, within the bounds, no other keys. */
export const summarySchema: z.ZodType<HeartbeatSummary> = z
  .strictObject({
    current_activity: printable(SUMMARY_LIMITS.activity).optional(),
    confidence: z.number().min(0).max(1).optional(),
    drift_reasons: z.array(printable(SUMMARY_LIMITS.reason)).max(SUMMARY_LIMITS.reasons).optional(),
    recommended_action: printable(SUMMARY_LIMITS.action).optional(),
  })
  .refine(
    (s) => Object.keys(s).length > 0,
    'an empty summary: give current_activity, confidence, drift_reasons or recommended_action',
  );

/** an agent's summary of itself, as the agent sets it (`heartbeat.setSummary`). */
export interface AgentSummary {
  /** what the agent is doing now, in a sentence. */
  currentActivity?: string;
  /** how sure it is that it is on its task, 0..1. */
  confidence?: number;
  /** why it thinks it may be drifting. */
  driftReasons?: string[];
  /** what it (or an operator) should do next. */
  recommendedAction?: string;
}

// control characters are refused by the receiver; a summary is one line of display text.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching them is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f]+/g;

function text(value: string | undefined, max: number, fixes: string[], what: string): string | undefined {
  if (value === undefined) return undefined;
  let clean = String(value).replace(CONTROL, ' ').trim();
  if (clean.length > max) {
    fixes.push(`${what} cut to ${max} characters`);
    clean = `${clean.slice(0, max - 1)}…`;
  }
  return clean.length > 0 ? clean : undefined;
}

/**
 * the wire form of a summary, brought within the receiver's bounds: a summary the receiver
 * would refuse is worth less than a shortened one. `fixes` names what was changed.
 */
export function wireSummary(summary: AgentSummary): { summary?: HeartbeatSummary; fixes: string[] } {
  const fixes: string[] = [];
  const out: HeartbeatSummary = {};
  const activity = text(summary.currentActivity, SUMMARY_LIMITS.activity, fixes, 'currentActivity');
  if (activity !== undefined) out.current_activity = activity;
  if (summary.confidence !== undefined) {
    const c = Number(summary.confidence);
    if (Number.isFinite(c)) {
      if (c < 0 || c > 1) fixes.push(`confidence ${c} clamped to 0..1`);
      out.confidence = Math.min(1, Math.max(0, c));
    } else fixes.push(`confidence ${summary.confidence} dropped (not a number)`);
  }
  if (summary.driftReasons !== undefined) {
    if (summary.driftReasons.length > SUMMARY_LIMITS.reasons) {
      fixes.push(`driftReasons cut to ${SUMMARY_LIMITS.reasons}`);
    }
    out.drift_reasons = summary.driftReasons
      .slice(0, SUMMARY_LIMITS.reasons)
      .map((r) => text(r, SUMMARY_LIMITS.reason, fixes, 'a drift reason'))
      .filter((r): r is string => r !== undefined);
  }
  const action = text(summary.recommendedAction, SUMMARY_LIMITS.action, fixes, 'recommendedAction');
  if (action !== undefined) out.recommended_action = action;
  return { summary: Object.keys(out).length > 0 ? out : undefined, fixes };
}
