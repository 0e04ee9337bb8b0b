import { ClipwrightApiError, errorFromResponse } from './api-error';
import type {
  Asset,
  BatchAnswer,
  BrandKit,
  CreateJobRequest,
  ImageRequest,
  Job,
  JobState,
  Preview,
  TemplateSummary,
} from './api.types';
import { DEFAULT_RETRY, retryDelayMs, RetryPolicy, sleep } from './retry';

export interface ClientOptions {
  /** Where the API is: `https://clips.example.com` ('' for the page's own origin). */
  baseUrl: string;
  /** Sent as `Authorization: Bearer <key>`; never put in a URL. */
  apiKey: string;
  /** The fetch to use (a panel host's, or a test's); the global one by default. */
  fetch?: typeof fetch;
  retry?: Partial<RetryPolicy>;
  /** Injectable for tests. */
  random?: () => number;
  wait?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

export interface CallOptions {
  signal?: AbortSignal;
  headers?: Record<string, string>;
  /** Retry 429/503/network failures (default true; false for a call that must not repeat). */
  retry?: boolean;
}

/**
 * The Clipwright HTTP API, typed. Every call is authenticated with the key; 429 and 503 answers and
 * network failures are retried with the server's Retry-After or exponential backoff; any other
 * failure throws a ClipwrightApiError carrying the API's code and the JSON path at fault.
 */
export class ClipwrightClient {
  readonly baseUrl: string;
  private readonly doFetch: typeof fetch;
  private readonly policy: RetryPolicy;
  private readonly random: () => number;
  private readonly wait: (ms: number, signal?: AbortSignal) => Promise<void>;

  constructor(private readonly options: ClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    // Bound: a bare `fetch` stored on an object throws "Illegal invocation" in browsers.
    this.doFetch = options.fetch ?? ((input, init) => fetch(input, init));
    this.policy = { ...DEFAULT_RETRY, ...options.retry };
    this.random = options.random ?? Math.random;
    this.wait = options.wait ?? sleep;
  }

  /** An absolute URL for an API path (an output `href` may already be absolute). */
  url(path: string): string {
    return /^https?:\/\//.test(path) ? path : `${this.baseUrl}${path}`;
  }

  /**
   * One HTTP exchange with retries; resolves with the Response of a 2xx/3xx answer. Throws
   * ClipwrightApiError (code NETWORK when nothing answered).
   */
  async raw(
    method: string,
    path: string,
    body?: string | FormData | null,
    opts: CallOptions = {},
  ): Promise<Response> {
    const headers: Record<string, string> = {
      authorization: `Bearer ${this.options.apiKey}`,
      ...opts.headers,
    };
    for (let attempt = 0; ; attempt++) {
      let error: ClipwrightApiError;
      try {
        const res = await this.doFetch(this.url(path), {
          method,
          headers,
          body: body ?? null,
          signal: opts.signal,
        });
        if (res.ok || (res.status >= 300 && res.status < 400)) return res;
        error = await errorFromResponse(res);
      } catch (e) {
        if (opts.signal?.aborted) throw e;
        if (e instanceof ClipwrightApiError) throw e;
        error = new ClipwrightApiError(
          0,
          'NETWORK',
          `The API at ${this.baseUrl || 'this site'} did not answer`,
        );
      }
      if (opts.retry === false || !error.retryable || attempt >= this.policy.retries) throw error;
      await this.wait(retryDelayMs(attempt + 1, error, this.policy, this.random), opts.signal);
    }
  }

  /** A JSON call: sends `body` as JSON when given, parses the answer. */
  async json<T>(method: string, path: string, body?: unknown, opts: CallOptions = {}): Promise<T> {
    const headers =
      body === undefined ? opts.headers : { 'content-type': 'application/json', ...opts.headers };
    const res = await this.raw(method, path, body === undefined ? null : JSON.stringify(body), {
      ...opts,
      headers,
    });
    const text = await res.text();
    try {
      return JSON.parse(text) as T;
    } catch {
      throw new ClipwrightApiError(
        res.status,
        'BAD_RESPONSE',
        `${method} ${path} answered something that is not JSON`,
      );
    }
  }

  templates(opts?: CallOptions): Promise<{ items: TemplateSummary[] }> {
    return this.json('GET', '/v1/templates', undefined, opts);
  }

  /** The template's input JSON Schema (what `data` must match). */
  templateSchema(id: string, opts?: CallOptions): Promise<Record<string, unknown>> {
    return this.json('GET', `/v1/templates/${encodeURIComponent(id)}/schema`, undefined, opts);
  }

  /** The template's sample data (its `sample.*` file, parsed). */
  templateSample(id: string, opts?: CallOptions): Promise<unknown> {
    return this.json('GET', `/v1/templates/${encodeURIComponent(id)}/sample`, undefined, opts);
  }

  /** The thumbnail's URL (PNG); fetch it with `blob()` since it needs the key. */
  thumbnailPath(id: string): string {
    return `/v1/templates/${encodeURIComponent(id)}/thumbnail`;
  }

  /** Binds the template to `data` and returns the script the voice will read; nothing is rendered. */
  preview(id: string, data: unknown, opts?: CallOptions): Promise<Preview> {
    return this.json('POST', `/v1/templates/${encodeURIComponent(id)}/preview`, { data }, opts);
  }

  /**
   * Queues a render. `idempotencyKey` makes retries safe: the same key and body answer the same job,
   * so a create is retried on 503 only when one is given.
   */
  createJob(req: CreateJobRequest, idempotencyKey?: string, opts: CallOptions = {}): Promise<Job> {
    const headers = idempotencyKey ? { 'idempotency-key': idempotencyKey, ...opts.headers } : opts.headers;
    return this.json('POST', '/v1/jobs', req, { ...opts, headers, retry: opts.retry ?? !!idempotencyKey });
  }

  /** One job per item of a feed. A 207 answer lists the rejected items with their JSON paths. */
  createBatch(req: Omit<CreateJobRequest, 'select'>, opts: CallOptions = {}): Promise<BatchAnswer> {
    return this.json('POST', '/v1/batches', req, { ...opts, retry: opts.retry ?? false });
  }

  job(id: string, opts?: CallOptions): Promise<Job> {
    return this.json('GET', `/v1/jobs/${encodeURIComponent(id)}`, undefined, opts);
  }

  jobs(
    query: { state?: JobState; template?: string; batch?: string; cursor?: string; limit?: number } = {},
    opts?: CallOptions,
  ): Promise<{ items: Job[]; nextCursor: string | null }> {
    const q = Object.entries(query)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`)
      .join('&');
    return this.json('GET', `/v1/jobs${q ? `?${q}` : ''}`, undefined, opts);
  }

  cancel(id: string, opts?: CallOptions): Promise<Job> {
    return this.json('POST', `/v1/jobs/${encodeURIComponent(id)}/cancel`, undefined, opts);
  }

  /** An output's bytes (`href` from the job's `outputs`). */
  async download(href: string, opts?: CallOptions): Promise<Blob> {
    return (await this.raw('GET', href, null, opts)).blob();
  }

  /** Uploads a file (multipart field `file`); the answer's id is used as `asset:<id>` in data. */
  uploadAsset(file: Blob, name: string, opts?: CallOptions): Promise<Asset> {
    const form = new FormData();
    form.append('file', file, name);
    return this.raw('POST', '/v1/assets', form, opts).then((r) => r.json() as Promise<Asset>);
  }

  /** Queues a still image generation (the diffusion engine); the PNG is the finished job's output. */
  createImage(req: ImageRequest, opts?: CallOptions): Promise<Job> {
    return this.json('POST', '/v1/images', req, { ...opts, retry: false });
  }

  brand(opts?: CallOptions): Promise<BrandKit> {
    return this.json('GET', '/v1/brand', undefined, opts);
  }

  saveBrand(kit: BrandKit, opts?: CallOptions): Promise<BrandKit> {
    return this.json('PUT', '/v1/brand', kit, opts);
  }

  /** Font families installed on the render machines (fc-list), for the brand kit. */
  fonts(opts?: CallOptions): Promise<{ items: string[] }> {
    return this.json('GET', '/v1/fonts', undefined, opts);
  }
}
