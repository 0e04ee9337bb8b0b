/**
 * A thin typed client of the Clipwright HTTP API (apps/api: /v1/templates, /v1/jobs), the only way
 * the gateway reaches the service. Every call carries the workspace key as a bearer token.
 */

/** The job states of GET /v1/jobs/:id. */
export type JobState = 'queued' | 'active' | 'completed' | 'failed' | 'cancelled';
export const FINISHED: readonly JobState[] = ['completed', 'failed', 'cancelled'];

export interface JobOutputView {
  name: string;
  aspect: string | null;
  size: number;
  contentType: string;
  href: string;
}

export interface JobView {
  id: string;
  state: JobState;
  template: string;
  progress: number;
  stage: string | null;
  error: { code: string; message: string; path?: string } | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  result?: {
    outputs?: { aspect: string; path: string; duration: number }[];
    stages?: Record<string, number>;
  } | null;
  outputs?: JobOutputView[];
}

export interface CreateJobBody {
  template: string;
  data: unknown;
  aspects: string[];
}

/** A non-2xx answer: the API's stable error code and message (and the JSON path at fault). */
export class ApiCallError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly path?: string,
  ) {
    super(message);
    this.name = 'ApiCallError';
  }

  /** 4xx other than 408/429: the request itself is wrong; sending it again will not help. */
  get permanent(): boolean {
    return this.status >= 400 && this.status < 500 && this.status !== 408 && this.status !== 429;
  }
}

/** Where an output's bytes are: a short-lived signed URL (S3) or the response carrying them. */
export type OutputSource = { url: string } | { response: Response };

export class ClipwrightApiClient {
  constructor(
    private readonly baseUrl: string,
    private readonly apiKey: string,
    private readonly fetchImpl: typeof fetch = fetch,
  ) {}

  private async call<T>(method: string, route: string, body?: unknown, headers: Record<string, string> = {}) {
    const res = await this.fetchImpl(`${this.baseUrl}${route}`, {
      method,
      headers: {
        authorization: `Bearer ${this.apiKey}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(30_000),
    });
    const text = await res.text();
    let json: unknown;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      // Not JSON (a proxy's error page): the status alone tells what happened.
    }
    if (!res.ok) {
      const err = (json as { error?: { code?: string; message?: string; path?: string } } | undefined)?.error;
      throw new ApiCallError(
        res.status,
        err?.code ?? `HTTP_${res.status}`,
        err?.message ?? `${method} ${route} answered ${res.status}`,
        err?.path,
      );
    }
    return { status: res.status, body: json as T };
  }

  async listTemplates(): Promise<{ id: string }[]> {
    return (await this.call<{ items: { id: string }[] }>('GET', '/v1/templates')).body.items;
  }

  /** The template's manifest (its `fps` is the MOS time base). */
  async getTemplate(id: string): Promise<{ id: string; fps?: number; outputs: { aspect: string }[] }> {
    return (
      await this.call<{ id: string; fps?: number; outputs: { aspect: string }[] }>(
        'GET',
        `/v1/templates/${encodeURIComponent(id)}`,
      )
    ).body;
  }

  /**
   * POST /v1/jobs with an Idempotency-Key: the same key and body answer the same job (created:
   * false), so a request repeated after a crash never renders twice.
   */
  async createJob(body: CreateJobBody, idempotencyKey: string): Promise<{ job: JobView; created: boolean }> {
    const r = await this.call<JobView>('POST', '/v1/jobs', body, { 'idempotency-key': idempotencyKey });
    return { job: r.body, created: r.status === 201 };
  }

  async getJob(id: string): Promise<JobView> {
    return (await this.call<JobView>('GET', `/v1/jobs/${encodeURIComponent(id)}`)).body;
  }

  /** Cancels a job; false when it had already finished (409 JOB_NOT_CANCELLABLE). */
  async cancelJob(id: string): Promise<boolean> {
    try {
      await this.call('POST', `/v1/jobs/${encodeURIComponent(id)}/cancel`);
      return true;
    } catch (e) {
      if (e instanceof ApiCallError && e.status === 409) return false;
      throw e;
    }
  }

  /**
   * GET /v1/jobs/:id/events (text/event-stream): yields each `progress` event's job and, last, the
   * `end` event's job (with outputs), then returns. Throws when the stream breaks off.
   */
  async *events(id: string, signal: AbortSignal): AsyncGenerator<{ event: string; job: JobView }> {
    const res = await this.fetchImpl(`${this.baseUrl}/v1/jobs/${encodeURIComponent(id)}/events`, {
      headers: { authorization: `Bearer ${this.apiKey}`, accept: 'text/event-stream' },
      signal,
    });
    if (!res.ok || !res.body) {
      await res.body?.cancel();
      throw new ApiCallError(
        res.status,
        `HTTP_${res.status}`,
        `GET /v1/jobs/${id}/events answered ${res.status}`,
      );
    }
    const decoder = new TextDecoder();
    let buf = '';
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
      buf += decoder.decode(chunk, { stream: true });
      let cut: number;
      while ((cut = buf.indexOf('\n\n')) >= 0) {
        const block = buf.slice(0, cut);
        buf = buf.slice(cut + 2);
        let event = 'message';
        const data: string[] = [];
        for (const line of block.split('\n')) {
          if (line.startsWith('event: ')) event = line.slice(7);
          else if (line.startsWith('data: ')) data.push(line.slice(6));
        }
        if (!data.length) continue;
        const job = JSON.parse(data.join('\n')) as JobView;
        yield { event, job };
        if (event === 'end') return;
      }
    }
    throw new Error(`event stream of job ${id} ended without an end event`);
  }

  /** Where to read an output from: a signed URL when storage gives one, else the bytes themselves. */
  async outputSource(jobId: string, name: string): Promise<OutputSource> {
    const res = await this.fetchImpl(
      `${this.baseUrl}/v1/jobs/${encodeURIComponent(jobId)}/outputs/${encodeURIComponent(name)}`,
      { headers: { authorization: `Bearer ${this.apiKey}` }, redirect: 'manual' },
    );
    const location = res.headers.get('location');
    if (res.status >= 300 && res.status < 400 && location) {
      await res.body?.cancel();
      return { url: new URL(location, this.baseUrl).toString() };
    }
    if (!res.ok) {
      await res.body?.cancel();
      throw new ApiCallError(
        res.status,
        `HTTP_${res.status}`,
        `output ${name} of job ${jobId} answered ${res.status}`,
      );
    }
    return { response: res };
  }
}
