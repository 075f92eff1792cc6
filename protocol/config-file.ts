import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import type { z } from 'zod';

/** A configuration problem, with the offending key path in the message. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Names each schema issue by its key path, e.g. `receiver.port: expected number, received string`. */
export function formatIssues(source: string, error: z.ZodError): string {
  const lines = error.issues.map((issue) => {
    const key = issue.path.length > 0 ? issue.path.join('.') : '(top level)';
    return `  ${key}: ${issue.message}`;
  });
  return `invalid configuration in ${source}:\n${lines.join('\n')}`;
}

/** Validates a plain object against a schema; throws ConfigError naming every bad key. */
export function validateConfig<S extends z.ZodType>(schema: S, value: unknown, source: string): z.infer<S> {
  const result = schema.safeParse(value ?? {});
  if (!result.success) throw new ConfigError(formatIssues(source, result.error));
  return result.data;
}

/** Reads a YAML config file: its top-level mapping, not validated yet. */
export function readConfigDocument(path: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new ConfigError(`cannot read config file ${path}: ${(err as Error).message}`);
  }
  let value: unknown;
  try {
    value = parse(text);
  } catch (err) {
    throw new ConfigError(`config file ${path} is not valid YAML: ${(err as Error).message}`);
  }
  if (value === null || value === undefined) return {};
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw new ConfigError(`invalid configuration in ${path}:\n  (top level): expected a mapping of keys`);
  }
  return value as Record<string, unknown>;
}

/** Reads a YAML config file and validates it. */
export function loadConfigFile<S extends z.ZodType>(schema: S, path: string): z.infer<S> {
  return validateConfig(schema, readConfigDocument(path), path);
}
