import { mkdir, rename, writeFile } from 'node:fs/promises';
import { Session } from 'node:inspector/promises';
import { join, resolve } from 'node:path';

// one CPU profile of this process through the inspector protocol (what Chrome DevTools and
// `node --cpu-prof` use), written as a .cpuprofile file that DevTools and speedscope open.

export interface CpuProfileResult {
  path: string;
  /** profile nodes (call tree size), for the log event. */
  nodes: number;
  /** samples taken. */
  samples: number;
}

/** a file name that sorts by time and names the process: `<agent>-<iso time>-<pid>.cpuprofile`. */
export function profileFileName(agentId: string, at: Date): string {
  const safeAgent = agentId.replace(/[^A-Za-z0-9_.-]/g, '_') || 'agent';
  return `${safeAgent}-${at.toISOString().replace(/[:.]/g, '-')}-${process.pid}.cpuprofile`;
}

/** profiles the process for `seconds` and writes the profile into `dir` (created, 0700; file 0600). */
export async function captureCpuProfile(
  seconds: number,
  dir: string,
  agentId: string,
): Promise<CpuProfileResult> {
  const session = new Session();
  session.connect();
  try {
    await session.post('Profiler.enable');
    await session.post('Profiler.start');
    await new Promise((r) => setTimeout(r, seconds * 1000));
    const { profile } = await session.post('Profiler.stop');
    const target = resolve(dir);
    await mkdir(target, { recursive: true, mode: 0o700 });
    const path = join(target, profileFileName(agentId, new Date()));
    // written aside, then renamed: a reader never sees half a profile
    await writeFile(`${path}.tmp`, JSON.stringify(profile), { mode: 0o600 });
    await rename(`${path}.tmp`, path);
    return { path, nodes: profile.nodes.length, samples: profile.samples?.length ?? 0 };
  } finally {
    session.disconnect();
  }
}
