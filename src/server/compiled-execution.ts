// Compiled SQL as the executor: an envelop plugin that answers each query operation it can compile
// with one SQL statement (src/api/sql-compiler.ts) and hands every other operation to the executor
// before it (graphql-jit). It runs inside execution, after parsing, validation and the request
// limits and with the request's own context, so every transport (POST with any Accept, GET, browser
// requests, the node:http front in http-front.ts) and every plugin around execution (masking,
// metrics, tracing) treat compiled and resolved answers alike. Nothing is executed twice: an
// operation the compiler cannot answer is executed by the resolvers, once.
import type { ExecutionArgs, ExecutionResult } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { Context } from '../api/builder.js';
import type { QueryRunner } from '../api/sql-compiler.js';

/**
 * A result whose `data` is JSON text from the database: sent on as it is (yoga and the front call
 * `stringify`), parsed only when a plugin reads `data`.
 */
export function resultOfJson(text: string): ExecutionResult & { stringify(result: ExecutionResult): string } {
  let data: ExecutionResult['data'];
  return {
    get data() {
      data ??= JSON.parse(text) as ExecutionResult['data'];
      return data;
    },
    // A plugin that added errors or extensions afterwards gets them serialized too.
    stringify: (result) =>
      result.errors?.length || result.extensions
        ? JSON.stringify({ errors: result.errors, data: result.data, extensions: result.extensions })
        : `{"data":${text}}`,
  };
}

export function useCompiledQueries(run: QueryRunner): Plugin<Context> {
  return {
    onExecute({ executeFn, setExecuteFn }) {
      setExecuteFn(async (args: ExecutionArgs) => {
        const context = args.contextValue as Context;
        const text = await run(args.document, args.variableValues, context.store.db, args.operationName);
        return text === undefined ? executeFn(args) : resultOfJson(text);
      });
    },
  };
}
