// Text arguments that reach SQL must be text a database column can hold: Postgres refuses a NUL
// character in text, and an unpaired UTF-16 surrogate is not Unicode at all. Every argument of every
// field is checked once, where the resolvers receive them (the Pothos plugin below) and where the
// compiled path reads them (src/api/sql-compiler.ts), so both give the same BAD_USER_INPUT error
// naming the argument instead of a masked database error.
import SchemaBuilder, { BasePlugin, type PothosOutputFieldConfig, type SchemaTypes } from '@pothos/core';
import type { GraphQLFieldResolver } from 'graphql';
import { TalkgraphError } from '../errors.js';

const nul = '\u0000';
const unpairedSurrogate = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Why `text` cannot be stored or matched as text, or null when it can. */
function textProblem(text: string): string | null {
  if (text.includes(nul)) return 'contains a NUL character (U+0000)';
  if (unpairedSurrogate.test(text)) return 'contains an unpaired surrogate (not valid Unicode)';
  return null;
}

/**
 * Throws BAD_USER_INPUT when any string among a field's coerced arguments (in input objects and
 * lists too) is not valid text; the message names the field and the argument's path.
 */
export function checkTextArguments(field: string, args: Readonly<Record<string, unknown>>): void {
  const visit = (value: unknown, path: string) => {
    if (typeof value === 'string') {
      const problem = textProblem(value);
      if (problem) throw new TalkgraphError('BAD_USER_INPUT', `argument "${path}" of ${field} ${problem}`);
    } else if (Array.isArray(value)) {
      for (const [i, item] of value.entries()) visit(item, `${path}[${i}]`);
    } else if (value !== null && typeof value === 'object' && !(value instanceof Date)) {
      for (const [key, item] of Object.entries(value)) visit(item, `${path}.${key}`);
    }
  };
  for (const [name, value] of Object.entries(args)) visit(value, name);
}

declare global {
  export namespace PothosSchemaTypes {
    export interface Plugins<Types extends SchemaTypes> {
      textArguments: TextArgumentsPlugin<Types>;
    }
  }
}

/** Wraps the resolver of every field that takes arguments with checkTextArguments. */
export class TextArgumentsPlugin<Types extends SchemaTypes> extends BasePlugin<Types> {
  override wrapResolve(
    resolver: GraphQLFieldResolver<unknown, Types['Context'], object>,
    fieldConfig: PothosOutputFieldConfig<Types>,
  ): GraphQLFieldResolver<unknown, Types['Context'], object> {
    if (Object.keys(fieldConfig.args).length === 0) return resolver;
    return (parent, args, context, info) => {
      checkTextArguments(fieldConfig.name, args as Record<string, unknown>);
      return resolver(parent, args, context, info);
    };
  }
}

const pluginName = 'textArguments' as const;
SchemaBuilder.registerPlugin(pluginName, TextArgumentsPlugin);
/** The plugin's name, for SchemaBuilder's `plugins` (importing it registers the plugin). */
export default pluginName;
