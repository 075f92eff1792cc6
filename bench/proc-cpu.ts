import { readFileSync } from 'node:fs';

// CPU time from /proc/<pid>/stat (linux): the benches measure the server process from outside,
// and wrk's own use as a child of the bench. Fields after the command name (which may hold
// spaces): utime and stime are the 14th and 15th of stat, cutime and cstime the 16th and 17th.

function statFields(pid: number | 'self'): string[] {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
}

/** CPU seconds (user + system) a process has used; undefined where /proc has none. */
export function cpuSeconds(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const fields = statFields(pid);
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return undefined;
  }
}

/** CPU seconds (user + system) of this process's children that have been waited for. */
export function childrenCpuSeconds(): number {
  const fields = statFields('self');
  return (Number(fields[13]) + Number(fields[14])) / 100;
}
