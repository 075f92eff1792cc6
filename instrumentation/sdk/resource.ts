import type { Attributes } from '@opentelemetry/api';
import {
  defaultResource,
  detectResources,
  hostDetector,
  osDetector,
  processDetector,
  type Resource,
  type ResourceDetector,
  resourceFromAttributes,
} from '@opentelemetry/resources';
import type { ResolvedConfig, ResourceDetectorName } from '../config/internal-types';

const DETECTORS: Partial<Record<ResourceDetectorName, ResourceDetector>> = {
  host: hostDetector,
  os: osDetector,
  process: processDetector,
};

/** the detectors named in OTEL_NODE_RESOURCE_DETECTORS; `none` wins over everything, `all` is all. */
export function chooseDetectors(names: ResourceDetectorName[]): ResourceDetector[] {
  if (names.includes('none')) return [];
  if (names.includes('all')) return Object.values(DETECTORS);
  return names.flatMap((n) => DETECTORS[n] ?? []);
}

/** the agent's resource attributes: GenAI agent identity plus the service instance. */
export function agentAttributes(cfg: ResolvedConfig): Attributes {
  const attrs: Attributes = { 'service.instance.id': cfg.instanceId };
  if (cfg.serviceName !== undefined) attrs['service.name'] = cfg.serviceName;
  if (cfg.agentId !== undefined) attrs['gen_ai.agent.id'] = cfg.agentId;
  if (cfg.agentName !== undefined) attrs['gen_ai.agent.name'] = cfg.agentName;
  if (cfg.agentRole !== undefined) attrs['agent.role'] = cfg.agentRole;
  return attrs;
}

// lowest to highest priority: sdk defaults, detectors (host, process by default), OTEL_RESOURCE_ATTRIBUTES
// and the resourceAttributes option, then the resolved agent identity.
export function buildResource(cfg: ResolvedConfig): Resource {
  return defaultResource()
    .merge(detectResources({ detectors: chooseDetectors(cfg.resourceDetectors) }))
    .merge(resourceFromAttributes(cfg.resourceAttributes))
    .merge(resourceFromAttributes(agentAttributes(cfg)));
}
