import assert from 'node:assert/strict';
import { redactSecrets } from '../../../instrumentation/redaction';

// the default redactor removes credentials by their shape and leaves ordinary text alone.
describe('instrumentation/redaction: redactSecrets', () => {
  const SECRETS: [string, string, string][] = [
    ['openai key', 'use sk-proj-abcdefghijklmnopqrstuvwx12 now', 'use [REDACTED] now'],
    ['anthropic key', 'key=sk-ant-api03-AAAAAAAAAAAAAAAAAAAAAAAA', 'key=[REDACTED]'],
    ['aws access key id', 'AKIAIOSFODNN7EXAMPLE is mine', '[REDACTED] is mine'],
    ['github token', `token ghp_${'a'.repeat(36)}`, 'token [REDACTED]'],
    ['slack token', 'xoxb-1234567890-abcdef', '[REDACTED]'],
    ['google api key', `AIza${'B'.repeat(35)}`, '[REDACTED]'],
    [
      'jwt',
      'auth eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0In0.dBjftJeZ4CVPmB92K27uhbUJU1p1r_wW1gFWFOEjXk',
      'auth [REDACTED]',
    ],
    ['bearer header', 'Authorization: Bearer abcdef0123456789abcdef', 'Authorization: Bearer [REDACTED]'],
    [
      'pem private key',
      'x -----BEGIN RSA PRIVATE KEY-----\nMIIEow\nabc\n-----END RSA PRIVATE KEY----- y',
      'x [REDACTED] y',
    ],
  ];
  for (const [name, input, expected] of SECRETS) {
    it(`redacts a ${name}`, () => assert.equal(redactSecrets(input), expected));
  }

  const ORDINARY = [
    'What is the capital of France?',
    'mail alice@example.com or call +1 555 0100',
    'the task-123 skeleton is sketchy', // "sk" inside words is not a key
    'Bearer of bad news',
    'a short sk-123',
    'eyJ alone is fine',
  ];
  for (const text of ORDINARY) {
    it(`leaves "${text}" alone`, () => assert.equal(redactSecrets(text), text));
  }
});
