// `talkgraph export`: the graph (or one event's part of it) as N-Quads, JSON-LD or iCalendar, on
// standard output or into a file. Written with backpressure, so memory stays bounded by the
// exporter's page size; a file appears whole or not at all (a temporary file renamed at the end).
import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { type Command, Option } from 'commander';
import { TalkgraphError } from '../errors.js';
import type { Exporter, ExportFormat } from '../store/export/exporter.js';
import { icalExporter } from '../store/export/ical.js';
import { jsonLdExporter } from '../store/export/jsonld.js';
import { nquadsExporter } from '../store/export/nquads.js';
import { command, withStore } from './run.js';

const exporters: Record<ExportFormat, Exporter> = {
  nquads: nquadsExporter,
  jsonld: jsonLdExporter,
  ical: icalExporter,
};

interface ExportCommandOptions {
  format: ExportFormat;
  event?: string;
  out?: string;
}

async function exportGraph(options: ExportCommandOptions): Promise<void> {
  await withStore(async (store, config) => {
    const chunks = exporters[options.format](store, {
      event: options.event ?? null,
      iriBase: config.iriBase,
    });
    if (!options.out) {
      // A closed pipe (`talkgraph export | head`) ends the export quietly.
      await pipeline(Readable.from(chunks), process.stdout).catch((error: NodeJS.ErrnoException) => {
        if (error.code !== 'EPIPE') throw error;
      });
      return;
    }
    const target = resolve(options.out);
    const temporary = join(dirname(target), `.${basename(target)}.${randomBytes(4).toString('hex')}.tmp`);
    try {
      await pipeline(Readable.from(chunks), createWriteStream(temporary, { flags: 'wx' }));
      await rename(temporary, target);
    } catch (error) {
      await rm(temporary, { force: true });
      const code = (error as NodeJS.ErrnoException).code;
      if (
        code === 'ENOENT' ||
        code === 'EACCES' ||
        code === 'EROFS' ||
        code === 'ENOTDIR' ||
        code === 'EISDIR'
      )
        throw new TalkgraphError('BAD_USER_INPUT', `--out ${options.out}: cannot be written (${code})`);
      throw error;
    }
  });
}

export function register(program: Command): void {
  program
    .command('export')
    .description('write the graph as N-Quads (every fact with its source documents), JSON-LD or iCalendar')
    .addOption(
      new Option(
        '--format <format>',
        'nquads: every fact, re-ingestable; jsonld, ical: for the web and calendars',
      )
        .choices(Object.keys(exporters))
        .default('nquads'),
    )
    .option('--event <slug>', "only this event: its talks, what they connect to, and the event's own facts")
    .option('--out <file>', 'write to this file (whole or not at all) instead of standard output')
    .action(command(exportGraph));
}
