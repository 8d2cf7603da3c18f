import { describe, expect, it } from 'vitest';
import { describeTarget, loadConfig, redact } from '../src/config.js';

describe('a database password never reaches a log or a message', () => {
  it('the password in the user part is replaced, the rest kept', () => {
    expect(redact('postgres://user:secret@host/db')).toBe('postgres://user:***@host/db');
    expect(redact('postgresql://user:secret@db.example.com:6543/talks?sslmode=require')).toBe(
      'postgresql://user:***@db.example.com:6543/talks?sslmode=require',
    );
    expect(redact('postgres://:secret@host/db')).toBe('postgres://:***@host/db');
  });

  it('a password query parameter is replaced, whatever its case or position', () => {
    expect(redact('postgres://user@host/db?password=secret')).toBe('postgres://user@host/db?password=***');
    expect(redact('postgres://host/db?sslmode=require&PassWord=secret&application_name=x')).toBe(
      'postgres://host/db?sslmode=require&PassWord=***&application_name=x',
    );
  });

  it('a password holding unescaped "@", "/", "?" or ":" does not leak a piece of itself', () => {
    for (const url of [
      'postgres://user:se@cret@host/db',
      'postgres://user:se/cr?et@host/db',
      'postgres://user:se:cret@host/db',
    ]) {
      expect(redact(url)).toBe('postgres://user:***@host/db');
    }
  });

  it('URLs without a password are left as they are', () => {
    for (const url of ['postgres://user@host:5432/db', 'postgres://host/db?sslmode=require', 'memory:']) {
      expect(redact(url)).toBe(url);
    }
  });

  it('describing the configured database and refusing a bad one both hide it', () => {
    const config = loadConfig({ DATABASE_URL: 'postgres://user:secret@host/db?password=secret' });
    expect(describeTarget(config.database)).toBe('postgres://user:***@host/db?password=***');
    expect(() => loadConfig({ DATABASE_URL: 'postgres://user:secret@host:port/db' })).toThrow(
      /^DATABASE_URL: .*postgres:\/\/user:\*\*\*@host:port\/db$/,
    );
    expect(() => loadConfig({ DATABASE_URL: 'postgres://user:secret@host:port/db' })).not.toThrow(/secret/);
  });
});
