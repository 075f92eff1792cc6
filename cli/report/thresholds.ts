import { z } from 'zod';
import { ConfigError, loadConfigFile } from '../../protocol/config-file';
import { CRITERIA, CRITERION_IDS, type CriterionId } from './criteria';

const criterionSchema = z
  .object({
    /** the value each criterion compares against (see criteria.ts for the comparison). */
    threshold: z.number().finite().optional(),
    /** false: shown, but does not decide GO/NO-GO. */
    required: z.boolean().default(true),
    /** true: NO DATA for this criterion does not make the decision NO-GO. */
    allow_no_data: z.boolean().default(false),
  })
  .strict();

const SPAN_KINDS = [
  'SPAN_KIND_SERVER',
  'SPAN_KIND_CONSUMER',
  'SPAN_KIND_INTERNAL',
  'SPAN_KIND_CLIENT',
  'SPAN_KIND_PRODUCER',
] as const;

export const thresholdsSchema = z
  .object({
    criteria: z.partialRecord(z.enum(CRITERION_IDS), criterionSchema).default({}),
    /** the span kinds whose span metrics count as requests (error rate, latency). */
    request_span_kinds: z.array(z.enum(SPAN_KINDS)).min(1).default(['SPAN_KIND_SERVER']),
  })
  .strict();

export interface CriterionSettings {
  threshold: number;
  required: boolean;
  allowNoData: boolean;
}

export interface Thresholds {
  criteria: Record<CriterionId, CriterionSettings>;
  requestSpanKinds: string[];
}

/** the thresholds file merged over the defaults; an absent file means every default. */
export function resolveThresholds(file: z.infer<typeof thresholdsSchema>): Thresholds {
  const criteria = {} as Record<CriterionId, CriterionSettings>;
  for (const spec of CRITERIA) {
    const given = file.criteria[spec.id];
    criteria[spec.id] = {
      threshold: given?.threshold ?? spec.defaultThreshold,
      required: given?.required ?? true,
      allowNoData: given?.allow_no_data ?? false,
    };
  }
  return { criteria, requestSpanKinds: file.request_span_kinds };
}

export const DEFAULT_THRESHOLDS: Thresholds = resolveThresholds(thresholdsSchema.parse({}));

/** reads and validates a thresholds file (YAML or JSON); ConfigError names each bad key. */
export function loadThresholds(path: string | undefined): Thresholds {
  if (path === undefined) return DEFAULT_THRESHOLDS;
  return resolveThresholds(loadConfigFile(thresholdsSchema, path));
}

export { ConfigError };
