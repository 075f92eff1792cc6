import { diag } from '@opentelemetry/api';
import { NodeSDK } from '@opentelemetry/sdk-node';
import { captureCpuProfile } from '../admin/cpu-profile';
import { type AdminServer, startAdminServer } from '../admin/server';
import type { ResolvedConfig } from '../config/internal-types';
import { CounterRecorder } from '../counter';
import { CountersFile } from '../counters-file';
import { CostRecorder } from '../gen-ai-cost';
import { HeartbeatSender } from '../heartbeat';
import type { AgentOtel } from '../types';
import { buildInstrumentations } from './instrumentations';
import { bridgeApiLogs, unbridgeApiLogs } from './logs-bridge';
import { logRecordProcessors, metricReaders, spanProcessors } from './pipeline';
import { buildResource } from './resource';
import { buildSampler } from './sampler';

const PROCESS_STARTED_AT = new Date(Date.now() - process.uptime() * 1000).toISOString();

/** the running SDK: providers, instrumentations, counters and heartbeat of one process. */
export class AgentOtelSdk implements AgentOtel {
  readonly counters: CounterRecorder;
  readonly heartbeat: HeartbeatSender | undefined;
  /** token usage to cost; only with a price table or a budget configured. */
  cost: CostRecorder | undefined;
  private readonly node: NodeSDK | undefined;
  private readonly countersFile: CountersFile | undefined;
  private shutdownPromise: Promise<void> | undefined;
  /** the opt-in admin endpoint (on-demand CPU profiles), once it listens. */
  private admin: Promise<AdminServer | undefined> | undefined;

  constructor(readonly config: ResolvedConfig) {
    this.countersFile = config.countersFile ? new CountersFile(config.countersFile) : undefined;
    this.counters = new CounterRecorder(config.counterNamespace, this.countersFile);
    if (config.disabled) return;
    const resource = buildResource(config);
    this.node = new NodeSDK({
      autoDetectResources: false,
      resource,
      sampler: buildSampler(config.sampler),
      spanProcessors: spanProcessors(config),
      metricReaders: metricReaders(config),
      logRecordProcessors: logRecordProcessors(config),
      instrumentations: buildInstrumentations(config),
    });
    if (config.heartbeat.enabled && this.agentId !== '') {
      this.heartbeat = new HeartbeatSender(config.heartbeat, {
        agentId: this.agentId,
        name: config.agentName,
        role: config.agentRole,
        instanceId: config.instanceId,
        startedAt: PROCESS_STARTED_AT,
      });
    }
  }

  get agentId(): string {
    return this.config.agentId ?? '';
  }

  get instanceId(): string {
    return this.config.instanceId;
  }

  get serviceName(): string {
    return this.config.serviceName ?? 'unknown_service:node';
  }

  start(): void {
    if (!this.node) return;
    this.node.start();
    // after start, so that the instruments bind to the provider NodeSDK registered
    if (this.config.prices !== undefined || this.config.costBudgetUsd !== undefined) {
      this.cost = new CostRecorder(this.agentId, this.config.prices, this.config.costBudgetUsd);
    }
    if (this.config.logsExporters.length > 0) bridgeApiLogs();
    this.heartbeat?.start();
    this.admin = startAdminServer(this.config.admin, { agentId: this.agentId, profile: captureCpuProfile });
  }

  /** flushes and stops everything once; bounded by shutdownTimeoutMs, never rejects. */
  shutdown(): Promise<void> {
    this.shutdownPromise ??= this.runShutdown();
    return this.shutdownPromise;
  }

  private async runShutdown(): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((resolve) => {
      timer = setTimeout(() => {
        diag.warn(
          `agent-otel: shutdown did not finish within ${this.config.shutdownTimeoutMs} ms; giving up`,
        );
        resolve();
      }, this.config.shutdownTimeoutMs);
      timer.unref();
    });
    const work = (async () => {
      await this.heartbeat?.stop();
      await (await this.admin)?.close();
      // NodeSDK.shutdown() shuts each provider down, which flushes its processors first
      await this.node?.shutdown();
    })().catch((err) => diag.warn(`agent-otel: error during shutdown: ${(err as Error).message}`));
    await Promise.race([work, timeout]);
    clearTimeout(timer);
    this.countersFile?.close();
    unbridgeApiLogs();
  }
}
