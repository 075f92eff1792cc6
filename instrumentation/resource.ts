import type { Attributes } from '@opentelemetry/api';
import {
  defaultResource,
  detectResources,
  hostDetector,
  processDetector,
  type Resource,
  resourceFromAttributes,
} from '@opentelemetry/resources';
import type { ResolvedConfig } from './internal-types';

/** the agent's resource attributes: GenAI agent identity plus the service instance. */
export function agentAttributes(cfg: ResolvedConfig): Attributes {
  const attrs: Attributes = { 'service.instance.id': cfg.instanceId };
  if (cfg.serviceName !== undefined) attrs['service.name'] = cfg.serviceName;
  if (cfg.agentId !== undefined) attrs['gen_ai.agent.id'] = cfg.agentId;
  if (cfg.agentName !== undefined) attrs['gen_ai.agent.name'] = cfg.agentName;
  if (cfg.agentRole !== undefined) attrs['agent.role'] = cfg.agentRole;
  return attrs;
}

// lowest to highest priority: sdk defaults, host/process detectors, OTEL_RESOURCE_ATTRIBUTES
// and the resourceAttributes option, then the resolved agent identity.
export function buildResource(cfg: ResolvedConfig): Resource {
  return defaultResource()
    .merge(detectResources({ detectors: [hostDetector, processDetector] }))
    .merge(resourceFromAttributes(cfg.resourceAttributes))
    .merge(resourceFromAttributes(agentAttributes(cfg)));
}
