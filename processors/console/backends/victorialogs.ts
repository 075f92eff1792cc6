import { type BackendOptions, type BackendResult, getText } from './http';

/** one log entry as VictoriaLogs returns it: `_msg`, `_time`, `_stream` and one field per attribute. */
export type LogEntry = Record<string, string>;

/** quotes a value for a LogsQL filter (Go string syntax, which JSON strings are a subset of). */
export function logsqlString(value: string): string {
  return JSON.stringify(value);
}

/** the VictoriaLogs LogsQL API (`/select/logsql/query`). */
export class VictoriaLogsClient {
  constructor(private readonly options: BackendOptions) {}

  async ready(): Promise<BackendResult<true>> {
    const res = await getText(`${this.options.url}/health`, this.options.timeoutMs);
    return res.ok ? { ok: true, data: true } : res;
  }

  /** the newest `limit` entries whose `field` is exactly `value`, within `lookbackS`; newest first. */
  async recent(
    field: string,
    value: string,
    limit: number,
    lookbackS: number,
  ): Promise<BackendResult<LogEntry[]>> {
    const query = `_time:${lookbackS}s ${logsqlString(field)}:=${logsqlString(value)} | sort by (_time desc) | limit ${limit}`;
    const params = new URLSearchParams({ query, limit: String(limit) });
    const res = await getText(`${this.options.url}/select/logsql/query?${params}`, this.options.timeoutMs);
    if (!res.ok) return res;
    // the answer is JSON lines; a line that does not parse is skipped rather than failing the list.
    const entries: LogEntry[] = [];
    for (const line of res.data.split('\n')) {
      if (!line.trim()) continue;
      try {
        entries.push(JSON.parse(line) as LogEntry);
      } catch {
        // skipped
      }
    }
    entries.sort((a, b) => (b._time ?? '').localeCompare(a._time ?? ''));
    return { ok: true, data: entries.slice(0, limit) };
  }
}
