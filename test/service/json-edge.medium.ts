/**
 * Issue 17 item 5/6, as a property: whatever nesting depth and whatever non-finite number a body
 * carries, no JSON endpoint answers 5xx. Random bodies (fast-check) against the real API process:
 * the body parser, the depth guard, the request and template validation all run as in production.
 */
import fc from 'fast-check';
import { AppProcess, createKey, ServiceEnv, serviceEnv, startApi } from './service.harness';

jest.setTimeout(300_000);

let svc: ServiceEnv;
let api: { proc: AppProcess; url: string };
let key: string;

beforeAll(async () => {
  svc = await serviceEnv({ MAX_BODY_BYTES: '1000000' });
  api = await startApi(svc.env);
  key = await createKey(svc.env.DATABASE_URL as string, 'property');
});

afterAll(async () => {
  await api?.proc.stop();
  await svc?.dropDatabase();
});

const NON_FINITE = ['1e400', '-1e400', '1E+999', '9'.repeat(400), '-0.5e309'];
/** MAX_JSON_DEPTH's default. */
const LIMIT = 64;
/**
 * Where the crafted value goes in each endpoint's otherwise valid body, and how many containers
 * already hold it there.
 */
const ENDPOINTS: [string, (value: string) => string, number][] = [
  ['/v1/jobs', (v) => `{"template":"news-brief","data":${v}}`, 1],
  ['/v1/batches', (v) => `{"template":"news-brief","data":[${v}]}`, 2],
  ['/v1/templates/news-brief/preview', (v) => `{"data":{"type":"Feature","properties":${v}}}`, 2],
  ['/v1/webhooks/secret/rotate', (v) => `{"graceHours":${v}}`, 1],
];

const crafted = fc.record({
  depth: fc.oneof(fc.integer({ min: 0, max: 80 }), fc.integer({ min: 80, max: 20_000 })),
  containers: fc.array(fc.constantFrom('array', 'object'), { minLength: 1, maxLength: 3 }),
  leaf: fc.oneof(fc.constantFrom(...NON_FINITE), fc.constantFrom('1', '"x"', 'null', '{}')),
});

function build({ depth, containers, leaf }: { depth: number; containers: string[]; leaf: string }): string {
  let open = '';
  let close = '';
  for (let i = 0; i < depth; i++) {
    const kind = containers[i % containers.length];
    open += kind === 'array' ? '[' : '{"k":';
    close = (kind === 'array' ? ']' : '}') + close;
  }
  return open + leaf + close;
}

it.each(ENDPOINTS)('%s never answers 5xx to any depth or non-finite number', async (route, wrap, around) => {
  await fc.assert(
    fc.asyncProperty(crafted, async (c) => {
      const res = await fetch(`${api.url}${route}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        body: wrap(build(c)),
        signal: AbortSignal.timeout(20_000),
      });
      const json = (await res.json()) as { error?: { code: string; path?: string } };
      expect(res.status).toBeLessThan(500);
      const depth = around + c.depth + (c.leaf === '{}' ? 1 : 0);
      if (depth > LIMIT) expect([res.status, json.error?.code]).toEqual([400, 'JSON_TOO_DEEP']);
      else if (NON_FINITE.includes(c.leaf))
        expect([res.status, json.error?.code]).toEqual([400, 'NUMBER_NOT_FINITE']);
    }),
    { numRuns: 40 },
  );
});
