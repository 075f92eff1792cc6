import { context, diag } from '@opentelemetry/api';
import { suppressTracing } from '@opentelemetry/core';
import { HEARTBEAT_PATH } from '../protocol/heartbeat';
import { type AgentSummary, wireSummary } from '../protocol/heartbeat-summary';
import type { ResolvedHeartbeat } from './config/internal-types';
import type { HeartbeatPayload, HeartbeatSignal, HeartbeatStatus, HeartbeatSummary } from './types';

export interface HeartbeatIdentity {
  agentId: string;
  name?: string;
  role?: string;
  instanceId: string;
  /** ISO time the process started. */
  startedAt: string;
}

export interface HeartbeatUpdate {
  status?: HeartbeatStatus;
  taskId?: string;
  phase?: string;
  attributes?: Record<string, string>;
  /** the agent's summary of itself, sent with every later beat; `null` clears it. */
  summary?: AgentSummary | null;
}

/**
 * delay before the next beat. healthy beats are spread only below the period, never above it:
 * the receiver expects a beat within the `interval_s` we declare, so a late-jittered beat would
 * flap the agent to late. after failures the period doubles up to a cap, spread by +-jitter.
 */
export function nextDelay(
  cfg: ResolvedHeartbeat,
  failures: number,
  random: () => number = Math.random,
): number {
  const base = failures === 0 ? cfg.intervalMs : Math.min(cfg.maxBackoffMs, cfg.intervalMs * 2 ** failures);
  const spread = failures === 0 ? -base * cfg.jitter * random() : base * cfg.jitter * (random() * 2 - 1);
  return Math.max(1, Math.round(base + spread));
}

/**
 * periodic sender of heartbeats to the heartbeat receiver. never throws into the caller, and its
 * timer never keeps the process alive.
 */
export class HeartbeatSender {
  private current: HeartbeatUpdate = { status: 'on_track' };
  private timer: NodeJS.Timeout | undefined;
  private failures = 0;
  private running = false;
  private inflight: Promise<boolean> | undefined;
  private warned = false;
  private summary: HeartbeatSummary | undefined;
  private summaryWarned = false;

  constructor(
    private readonly cfg: ResolvedHeartbeat,
    private readonly identity: HeartbeatIdentity,
  ) {}

  /** sends a `start` beat at once, then one per period. */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.schedule(0, 'start');
  }

  /** merges status, task, phase, attributes or summary into every later beat. */
  update(patch: HeartbeatUpdate): void {
    this.current = { ...this.current, ...patch };
    if (patch.summary !== undefined) {
      const { summary, fixes } =
        patch.summary === null ? { summary: undefined, fixes: [] } : wireSummary(patch.summary);
      this.summary = summary;
      // once per process: an agent that sets an oversized summary would set it again and again.
      if (fixes.length > 0 && !this.summaryWarned) {
        this.summaryWarned = true;
        diag.warn(`agent-otel: heartbeat summary brought within the receiver's bounds: ${fixes.join('; ')}`);
      }
    }
  }

  /** sends one beat now carrying a lifecycle signal; resolves to whether the receiver accepted it. */
  signal(kind: HeartbeatSignal): Promise<boolean> {
    return this.beat(kind);
  }

  /** stops the timer and waits (bounded by the request timeout) for a beat in flight. */
  async stop(): Promise<void> {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.inflight;
  }

  payload(signal?: HeartbeatSignal): HeartbeatPayload {
    const p: HeartbeatPayload = {
      agent_id: this.identity.agentId,
      instance_id: this.identity.instanceId,
      started_at: this.identity.startedAt,
      timestamp: new Date().toISOString(),
      interval_s: this.cfg.intervalMs / 1000,
      status: this.current.status ?? 'unknown',
    };
    if (this.identity.role !== undefined) p.role = this.identity.role;
    if (this.identity.name !== undefined) p.name = this.identity.name;
    if (this.current.taskId !== undefined) p.task_id = this.current.taskId;
    if (this.current.phase !== undefined) p.phase = this.current.phase;
    if (signal !== undefined) p.signal = signal;
    if (this.current.attributes !== undefined) p.attributes = this.current.attributes;
    if (this.summary !== undefined) p.summary = this.summary;
    return p;
  }

  private schedule(delayMs: number, signal?: HeartbeatSignal): void {
    if (!this.running) return;
    this.timer = setTimeout(async () => {
      const ok = await this.beat(signal);
      this.failures = ok ? 0 : this.failures + 1;
      this.schedule(nextDelay(this.cfg, this.failures));
    }, delayMs);
    // a heartbeat alone must not keep the process alive
    this.timer.unref();
  }

  private beat(signal?: HeartbeatSignal): Promise<boolean> {
    const attempt = this.post(this.payload(signal));
    this.inflight = attempt;
    return attempt;
  }

  private async post(payload: HeartbeatPayload): Promise<boolean> {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (this.cfg.token) headers.authorization = `Bearer ${this.cfg.token}`;
    const url = `${this.cfg.endpoint.replace(/\/+$/, '')}${HEARTBEAT_PATH}`;
    try {
      // our own requests must not produce spans of their own
      const res = await context.with(suppressTracing(context.active()), () =>
        fetch(url, {
          method: 'POST',
          headers,
          body: JSON.stringify(payload),
          signal: AbortSignal.timeout(this.cfg.timeoutMs),
        }),
      );
      await res.arrayBuffer().catch(() => undefined);
      if (res.ok) {
        if (this.warned) diag.info(`agent-otel: heartbeat receiver at ${url} is reachable again`);
        this.warned = false;
        return true;
      }
      this.warnOnce(`heartbeat receiver at ${url} answered ${res.status}`);
      return false;
    } catch (err) {
      this.warnOnce(`heartbeat receiver at ${url} unreachable: ${(err as Error).message}`);
      return false;
    }
  }

  // one warning per outage, not one per attempt
  private warnOnce(message: string): void {
    if (this.warned) {
      diag.debug(`agent-otel: ${message}`);
      return;
    }
    this.warned = true;
    diag.warn(`agent-otel: ${message}; retrying with backoff`);
  }
}
