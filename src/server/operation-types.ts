// Operations the schema has no root type for. graphql-js 16 validates `mutation { x }` against a
// schema without mutations as if it were fine and leaves the failure to execution, where
// graphql-jit throws and the client gets a 500. Refused here, during validation, with a 400 that
// says what the API offers (graphql-js 17 adds the same check as KnownOperationTypesRule).
import { GraphQLError, type ValidationRule } from 'graphql';
import type { Plugin } from 'graphql-yoga';

export const knownOperationTypesRule: ValidationRule = (context) => ({
  OperationDefinition(node) {
    const schema = context.getSchema();
    const root = {
      query: schema.getQueryType(),
      mutation: schema.getMutationType(),
      subscription: schema.getSubscriptionType(),
    }[node.operation];
    if (root) return;
    context.reportError(
      new GraphQLError(`this API has no ${node.operation}s: it answers queries only`, {
        nodes: node,
        // Not `spec`: yoga would answer an application/json client 200, as for other validation errors.
        extensions: { code: 'GRAPHQL_VALIDATION_FAILED', http: { status: 400, spec: false } },
      }),
    );
  },
});

export function useKnownOperationTypes(): Plugin {
  return {
    onValidate({ addValidationRule }) {
      addValidationRule(knownOperationTypesRule);
    },
  };
}
