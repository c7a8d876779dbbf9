/**
 * A small stand-in for the feeds paperboy reads (Hugging Face, arXiv): a real
 * HTTP server on 127.0.0.1 that answers recorded fixtures by path and query,
 * can be told to fail (a status, a body cut off mid-way, a dropped
 * connection), and remembers every request so tests can check what was asked
 * and in what order.
 */
import { readFileSync } from "node:fs";
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";

export interface FixtureAnswer {
  status?: number;
  /** The body as sent; or use `fixture` to send a file from tests/fixtures. */
  body?: string | Buffer;
  /** A path under tests/fixtures, e.g. `arxiv/query-page-1.xml`. */
  fixture?: string;
  contentType?: string;
  headers?: Record<string, string>;
  /**
   * Send only this many bytes of the body, then drop the connection, while
   * Content-Length promises the whole: a transfer that broke half-way.
   */
  cutAfterBytes?: number;
  /** Never answer: a server that accepted the connection and went silent. */
  silent?: boolean;
}

export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: IncomingHttpHeaders;
  /** `performance.now()` when the request arrived. */
  at: number;
}

export interface FixtureServer {
  /** `http://127.0.0.1:PORT`, no trailing slash: the base URL a source is given. */
  url: string;
  requests: RecordedRequest[];
  /**
   * Answers requests for `pathAndQuery` (query order does not matter). With
   * several answers, the n-th request gets the n-th answer and the last one
   * repeats.
   */
  serve(pathAndQuery: string, ...answers: FixtureAnswer[]): void;
  close(): Promise<void>;
}

const FIXTURES = fileURLToPath(new URL("../fixtures/", import.meta.url));

export function readFixture(relativePath: string): string {
  return readFileSync(`${FIXTURES}${relativePath}`, "utf8");
}

export async function startFixtureServer(): Promise<FixtureServer> {
  const routes = new Map<string, { answers: FixtureAnswer[]; served: number }>();
  const requests: RecordedRequest[] = [];

  const server = createServer((request, response) => {
    const url = new URL(request.url ?? "/", "http://fixture.local");
    const query = Object.fromEntries(url.searchParams);
    requests.push({ method: request.method ?? "GET", path: url.pathname, query, headers: request.headers, at: performance.now() });

    const route = routes.get(routeKey(url)) ?? routes.get(url.pathname);
    if (!route) {
      response.writeHead(404, { "Content-Type": "application/json" });
      response.end(JSON.stringify({ error: `no fixture for ${request.method} ${url.pathname}${url.search}` }));
      return;
    }
    const answer = route.answers[Math.min(route.served, route.answers.length - 1)] as FixtureAnswer;
    route.served += 1;
    if (answer.silent) return;

    const body = answer.fixture ? readFileSync(`${FIXTURES}${answer.fixture}`) : Buffer.from(answer.body ?? "");
    response.writeHead(answer.status ?? 200, {
      "Content-Type": answer.contentType ?? guessType(answer.fixture),
      "Content-Length": String(body.byteLength),
      ...answer.headers,
    });
    if (answer.cutAfterBytes !== undefined) {
      response.write(body.subarray(0, answer.cutAfterBytes), () => {
        // Give the bytes a moment to leave before the connection is dropped.
        setTimeout(() => request.socket.destroy(), 20);
      });
      return;
    }
    response.end(body);
  });

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    serve(pathAndQuery, ...answers) {
      if (answers.length === 0) throw new Error("serve() needs at least one answer");
      const url = new URL(pathAndQuery, "http://fixture.local");
      routes.set(url.search ? routeKey(url) : url.pathname, { answers, served: 0 });
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
    },
  };
}

function routeKey(url: URL): string {
  const params = [...url.searchParams].sort(([a], [b]) => a.localeCompare(b));
  return `${url.pathname}?${new URLSearchParams(params).toString()}`;
}

function guessType(fixture: string | undefined): string {
  if (fixture?.endsWith(".json")) return "application/json; charset=utf-8";
  if (fixture?.endsWith(".xml")) return "application/atom+xml; charset=utf-8";
  return "text/plain; charset=utf-8";
}
