// Structured logs: one JSON object per line (pino), on stderr so that command output stays clean.
import pino from 'pino';
import type { Config } from './config.js';

export type Logger = pino.Logger;

export function createLogger(level: Config['logLevel']): Logger {
  return pino({ level, base: { service: 'talkgraph' } }, pino.destination({ dest: 2, sync: false }));
}
