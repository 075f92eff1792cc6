#!/usr/bin/env node
// a watchdog `command` action: pauses the agent named by the event in the heartbeat receiver, so
// the fleet console shows it paused and its liveness alerts stop while someone looks at it.
// the watchdog runs it with the event in AGENT_OTEL_WATCHDOG_EVENT and its own environment, so
// AGENT_OTEL_HEARTBEAT_TOKEN is the receiver's token. exit 0 on success, 1 otherwise (retried).
const event = JSON.parse(process.env.AGENT_OTEL_WATCHDOG_EVENT ?? '{}');
const base = process.env.AGENT_OTEL_PAUSE_URL ?? 'http://127.0.0.1:9412';
if (typeof event.agent_id !== 'string' || event.agent_id === '') {
  console.error('pause-agent: the event names no agent_id (does the alert carry an agent_id label?)');
  process.exit(1);
}
const token = process.env.AGENT_OTEL_HEARTBEAT_TOKEN;
const res = await fetch(`${base}/v1/agents/${encodeURIComponent(event.agent_id)}/pause`, {
  method: 'POST',
  headers: token ? { authorization: `Bearer ${token}` } : {},
  signal: AbortSignal.timeout(4000),
});
if (!res.ok) {
  console.error(`pause-agent: ${res.status} ${await res.text()}`);
  process.exit(1);
}
console.log(`pause-agent: ${event.agent_id} paused (${event.reason ?? event.policy})`);
