// the default redactor for captured GenAI content. deliberately conservative: it replaces only
// strings that are credentials by their shape (key prefixes, PEM blocks, JWTs, bearer headers),
// never names, emails or numbers, which would need context it cannot have.

export const REDACTED = '[REDACTED]';

const SECRET_PATTERNS: readonly RegExp[] = [
  // PEM private keys, whole block
  /-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?-----END [A-Z ]*PRIVATE KEY-----/g,
  // Authorization: Bearer <token>
  /\b(Bearer\s+)[A-Za-z0-9\-._~+/]{16,}=*/g,
  // OpenAI / Anthropic style keys (sk-..., sk-ant-..., sk-proj-...)
  /\bsk-[A-Za-z0-9_-]{20,}/g,
  // AWS access key ids
  /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/g,
  // GitHub tokens
  /\bgh[pousr]_[A-Za-z0-9]{36,}\b/g,
  /\bgithub_pat_[A-Za-z0-9_]{40,}\b/g,
  // Slack tokens
  /\bxox[abprs]-[A-Za-z0-9-]{10,}/g,
  // Google API keys
  /\bAIza[0-9A-Za-z_-]{35}\b/g,
  // JSON Web Tokens (three base64url parts, the first two starting with a JSON object)
  /\beyJ[A-Za-z0-9_-]{5,}\.eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{10,}/g,
];

/** replaces credentials found in `text` by `[REDACTED]`; everything else is left as it is. */
export function redactSecrets(text: string): string {
  let out = text;
  for (const pattern of SECRET_PATTERNS) {
    out = out.replace(pattern, (match, bearer?: unknown) =>
      typeof bearer === 'string' && match.startsWith(bearer) ? `${bearer}${REDACTED}` : REDACTED,
    );
  }
  return out;
}
