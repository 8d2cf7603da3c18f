// OpenTelemetry tracing: one span per request to /graphql (continuing the caller's trace from its
// traceparent header), with parse, validate, execute and each SQL statement beneath it, exported over
// OTLP/HTTP. Loaded only when OTEL_EXPORTER_OTLP_ENDPOINT is set: the SDK stays out of the default
// start-up.
//
// The spans are made here rather than by a GraphQL tracing plugin: the JSON fast path and the
// compiled SQL path (json-post.ts, sql-compiler.ts) answer most queries without graphql's execute,
// and statements are seen through the database's own listener (Database.onStatement).
import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  type Attributes,
  context,
  propagation,
  type Span,
  SpanKind,
  SpanStatusCode,
  type Tracer,
  trace,
} from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, type SpanExporter } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { getOperationAST } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { Database } from '../store/database.js';
import { graphqlPath, isGraphqlRequest } from './app.js';

type Listener = (req: IncomingMessage, res: ServerResponse) => void;

export interface TracingSettings {
  /** The collector's base URL (OTEL_EXPORTER_OTLP_ENDPOINT); spans go to <endpoint>/v1/traces. */
  endpoint: string;
  serviceName: string;
  /** Where spans go instead of the collector (tests). */
  exporter?: SpanExporter;
}

/** Starts the SDK: spans are batched and exported until `shutdown`. */
export function startTracing(settings: TracingSettings): Tracing {
  const exporter = settings.exporter ?? new OTLPTraceExporter({ url: `${settings.endpoint}/v1/traces` });
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ 'service.name': settings.serviceName }),
    spanProcessors: [new BatchSpanProcessor(exporter)],
  });
  // The async-hooks context manager (statements find their request's span through it) and the W3C
  // trace-context propagator.
  provider.register();
  return new Tracing(provider.getTracer('talkgraph'), provider);
}

export class Tracing {
  constructor(
    private readonly tracer: Tracer,
    private readonly provider: NodeTracerProvider,
  ) {}

  /** The listener, with a span around each request to /graphql. */
  instrument(listener: Listener): Listener {
    return (req, res) => {
      if (!isGraphqlRequest(req.url)) {
        listener(req, res);
        return;
      }
      const method = req.method ?? 'GET';
      const caller = propagation.extract(context.active(), req.headers);
      const span = this.tracer.startSpan(
        `${method} ${graphqlPath}`,
        { kind: SpanKind.SERVER, attributes: { 'http.request.method': method, 'url.path': graphqlPath } },
        caller,
      );
      res.once('close', () => {
        span.setAttribute('http.response.status_code', res.statusCode);
        if (res.statusCode >= 500 || !res.writableFinished) span.setStatus({ code: SpanStatusCode.ERROR });
        span.end();
      });
      context.with(trace.setSpan(caller, span), () => listener(req, res));
    };
  }

  /** An envelop plugin: spans for parse, validate and execute, marked as errors when they fail. */
  plugin(): Plugin {
    const tracer = this.tracer;
    return {
      instrumentation: {
        parse: (_payload, wrapped) => inSpan(tracer, 'graphql.parse', wrapped),
        validate: (_payload, wrapped) => inSpan(tracer, 'graphql.validate', wrapped),
        execute: (_payload, wrapped) => inSpan(tracer, 'graphql.execute', wrapped),
      },
      // The hooks run inside the phase's span, which is the active one.
      onParse:
        () =>
        ({ result }) => {
          if (result instanceof Error) failed(trace.getActiveSpan(), result);
        },
      onValidate:
        () =>
        ({ valid, result }) => {
          if (!valid) failed(trace.getActiveSpan(), errorsOf(result));
        },
      onExecute: ({ args }) => {
        const operation = getOperationAST(args.document, args.operationName);
        trace.getActiveSpan()?.setAttributes({
          'graphql.operation.name': operation?.name?.value ?? '',
          'graphql.operation.type': operation?.operation ?? '',
        });
        return {
          onExecuteDone: ({ result }) => {
            if ('errors' in result && result.errors?.length) {
              failed(trace.getActiveSpan(), errorsOf(result.errors));
            }
          },
        };
      },
    };
  }

  /**
   * A client span for each SQL statement sent while a traced request runs; returns a function that
   * stops. The text is the parameterized SQL ($1, $2…), never the values.
   */
  observe(db: Database): () => void {
    return db.onStatement((text) => {
      if (!trace.getActiveSpan()) return undefined; // the readiness probe, say: not a traced request
      const operation = /^\s*(\w+)/.exec(text)?.[1]?.toUpperCase() ?? 'SQL';
      const span = this.tracer.startSpan(operation, {
        kind: SpanKind.CLIENT,
        attributes: {
          'db.system.name': 'postgresql',
          'db.operation.name': operation,
          'db.query.text': text,
        },
      });
      return (error) => {
        if (error !== undefined) failed(span, error);
        span.end();
      };
    });
  }

  /** Exports the spans still batched. */
  flush(): Promise<void> {
    return this.provider.forceFlush();
  }

  /** Exports what is left and stops; the process's tracing is then off. */
  async shutdown(): Promise<void> {
    await this.provider.shutdown();
    trace.disable();
    context.disable();
    propagation.disable();
  }
}

/** Runs `work` in an active span, ended when `work` returns or settles. */
function inSpan<T>(tracer: Tracer, name: string, work: () => T, attributes?: Attributes): T {
  return tracer.startActiveSpan(name, { attributes }, (span) => {
    try {
      const result = work();
      if (result instanceof Promise) {
        return result.then(
          (value) => {
            span.end();
            return value;
          },
          (error: unknown) => {
            failed(span, error);
            span.end();
            throw error;
          },
        ) as T;
      }
      span.end();
      return result;
    } catch (error) {
      failed(span, error);
      span.end();
      throw error;
    }
  });
}

function failed(span: Span | undefined, error: unknown): void {
  if (!span) return;
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof Error) span.recordException(error);
  span.setStatus({ code: SpanStatusCode.ERROR, message });
}

function errorsOf(errors: readonly Error[]): Error {
  return new Error(errors.map((error) => error.message).join('; '));
}
