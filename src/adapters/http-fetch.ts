/**
 * One way for paper sources to ask the outside world for a document: a
 * timeout so a silent server cannot hang an ingest, a User-Agent that says who
 * is asking (arXiv asks clients to identify themselves), a cap on the size of
 * an answer, and error messages that say what went wrong in words an operator
 * can act on. The status and body are returned as they came; judging them is
 * the caller's job, because only the caller knows what a good answer looks like.
 */

export const USER_AGENT = "paperboy/0.1 (trending-papers digest bot)";

export interface HttpAnswer {
  status: number;
  statusText: string;
  contentType: string;
  body: string;
}

export interface FetchTextOptions {
  /** Names the request in errors, e.g. `Hugging Face daily papers for 2026-08-21`. */
  label: string;
  fetch?: typeof fetch | undefined;
  signal?: AbortSignal | undefined;
  timeoutMs?: number | undefined;
  /** Larger answers are refused: no real feed page comes near it. */
  maxBytes?: number | undefined;
  accept?: string | undefined;
}

const DEFAULT_TIMEOUT_MS = 30_000;
const DEFAULT_MAX_BYTES = 20 * 1024 * 1024;

export async function fetchText(url: string, options: FetchTextOptions): Promise<HttpAnswer> {
  const doFetch = options.fetch ?? fetch;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const timeout = AbortSignal.timeout(timeoutMs);
  const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
  const where = new URL(url).host;

  const explain = (stage: string, error: unknown): Error => {
    if (options.signal?.aborted) return new Error(`${options.label}: cancelled`, { cause: error });
    if (timeout.aborted) {
      return new Error(`${options.label}: ${where} gave no complete answer within ${timeoutMs / 1000} s`, {
        cause: error,
      });
    }
    return new Error(`${options.label}: ${stage} (${describeCause(error)})`, { cause: error });
  };

  let response: Response;
  try {
    response = await doFetch(url, {
      signal,
      headers: { "User-Agent": USER_AGENT, Accept: options.accept ?? "*/*" },
      redirect: "follow",
    });
  } catch (error) {
    throw explain(`could not reach ${where}`, error);
  }

  let body: string;
  try {
    body = await readCapped(response, maxBytes);
  } catch (error) {
    if (error instanceof TooLarge) {
      throw new Error(`${options.label}: the answer from ${where} is larger than ${maxBytes} bytes; refusing it`);
    }
    throw explain(`the connection closed before the answer from ${where} was complete`, error);
  }
  return {
    status: response.status,
    statusText: response.statusText,
    contentType: response.headers.get("content-type") ?? "",
    body,
  };
}

class TooLarge extends Error {}

async function readCapped(response: Response, maxBytes: number): Promise<string> {
  if (!response.body) return "";
  const reader = response.body.getReader();
  const decoder = new TextDecoder("utf-8");
  let size = 0;
  let text = "";
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw new TooLarge();
    }
    text += decoder.decode(value, { stream: true });
  }
  return text + decoder.decode();
}

function describeCause(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  // undici reports "fetch failed" / "terminated" and keeps the useful part in `cause`.
  const cause = error.cause instanceof Error ? `: ${error.cause.message}` : "";
  return `${error.message}${cause}`;
}
