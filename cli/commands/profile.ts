import type { Command } from 'commander';

interface ProfileFlags {
  url: string;
  seconds: string;
  token?: string;
}

export interface ProfileAnswer {
  path: string;
  seconds: number;
  trace_id?: string;
}

/** asks an agent's admin endpoint for a CPU profile; resolves with its answer or throws naming the failure. */
export async function requestProfile(url: string, seconds: number, token: string): Promise<ProfileAnswer> {
  const target = `${url.replace(/\/+$/, '')}/v1/profile?seconds=${seconds}`;
  let res: Response;
  try {
    res = await fetch(target, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
      // the profile takes `seconds`; the margin covers writing the file
      signal: AbortSignal.timeout((seconds + 30) * 1000),
    });
  } catch (err) {
    throw new Error(`cannot reach ${target}: ${(err as Error).cause ?? (err as Error).message}`);
  }
  const text = await res.text();
  let body: Record<string, unknown> = {};
  try {
    body = JSON.parse(text) as Record<string, unknown>;
  } catch {
    // named below with the raw text
  }
  if (!res.ok) throw new Error(`${target} answered ${res.status}: ${body.error ?? text.slice(0, 200)}`);
  if (typeof body.path !== 'string')
    throw new Error(`${target} answered without a path: ${text.slice(0, 200)}`);
  return body as unknown as ProfileAnswer;
}

export function registerProfileCommand(program: Command): void {
  program
    .command('profile')
    .description(
      "take an on-demand CPU profile of an instrumented agent (its SDK's admin endpoint) and print the saved path",
    )
    .requiredOption(
      '--url <url>',
      'the agent admin endpoint, e.g. http://127.0.0.1:9464 (AGENT_OTEL_ADMIN_PORT of the agent)',
    )
    .option(
      '--seconds <n>',
      'profile length in seconds (the agent allows 1 to its AGENT_OTEL_PROFILE_MAX_SECONDS, 60 by default)',
      '10',
    )
    .option(
      '--token <token>',
      'bearer token of the endpoint; default: AGENT_OTEL_ADMIN_TOKEN (prefer the variable: a flag shows in ps)',
    )
    .addHelpText(
      'after',
      '\nThe file is written by the agent, on its host, under its AGENT_OTEL_PROFILE_DIR; open it in Chrome DevTools\n' +
        '(Performance > Load profile) or speedscope. The agent also logs an agent_otel.profile.saved event linked to the\n' +
        'trace of the run. Exit codes: 0 saved, 1 refused or failed (401 bad token, 409 one already running, 400 bad seconds).',
    )
    .action(async (flags: ProfileFlags) => {
      const seconds = Number(flags.seconds);
      if (!Number.isInteger(seconds) || seconds < 1) {
        throw new Error(`--seconds ${flags.seconds} is invalid; a positive integer is allowed`);
      }
      const token = flags.token ?? process.env.AGENT_OTEL_ADMIN_TOKEN;
      if (token === undefined || token === '') {
        throw new Error('no token: pass --token or set AGENT_OTEL_ADMIN_TOKEN');
      }
      const answer = await requestProfile(flags.url, seconds, token);
      console.log(answer.path);
      if (answer.trace_id) console.error(`trace id ${answer.trace_id}`);
    });
}
