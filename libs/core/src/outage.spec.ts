import { ClipwrightError, ErrorCode, ServiceError, ServiceErrorCode } from './errors';
import { DependencyUnavailableError, isOutage, publicError, scrubInternals, withTimeout } from './outage';
import { stripControlCharacters, stripControlCharactersDeep } from './control-chars';

describe('isOutage', () => {
  it('knows socket errors, PostgreSQL connection states, driver messages and S3 5xx', () => {
    expect(
      isOutage(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' })),
    ).toBe(true);
    expect(isOutage(Object.assign(new Error('terminating connection'), { code: '57P01' }))).toBe(true);
    expect(isOutage(Object.assign(new Error('x'), { code: '08006' }))).toBe(true);
    expect(isOutage(new Error('Connection terminated unexpectedly'))).toBe(true);
    expect(isOutage(new Error('Connection is closed.'))).toBe(true);
    expect(isOutage(Object.assign(new Error('SlowDown'), { $metadata: { httpStatusCode: 503 } }))).toBe(true);
    expect(isOutage(new Error('wrapped', { cause: { code: 'ECONNRESET' } }))).toBe(true);
    expect(isOutage(new AggregateError([{ code: 'ECONNREFUSED' }]))).toBe(true);
  });

  it('does not take bugs, bad SQL or input errors for outages', () => {
    expect(isOutage(new TypeError('x is undefined'))).toBe(false);
    expect(isOutage(Object.assign(new Error('syntax'), { code: '42601' }))).toBe(false);
    expect(
      isOutage(new ClipwrightError(ErrorCode.DataSchemaMismatch, 'bad', { cause: { code: 'ECONNREFUSED' } })),
    ).toBe(false);
    expect(isOutage(Object.assign(new Error('NoSuchKey'), { $metadata: { httpStatusCode: 404 } }))).toBe(
      false,
    );
  });
});

describe('withTimeout', () => {
  it('answers the work when it is quick, and an outage when it is not', async () => {
    expect(await withTimeout(Promise.resolve(7), 50, 'x')).toBe(7);
    const never = new Promise(() => undefined);
    const e = await withTimeout(never, 20, 'redis').catch((err: unknown) => err);
    expect(isOutage(e)).toBe(true);
  });
});

describe('publicError', () => {
  it('keeps an input error as it is, minus anything internal', () => {
    const e = new ServiceError(ServiceErrorCode.CallbackUrlForbidden, 'host x.test resolved to 10.1.2.3', {
      path: '$.callbackUrl',
    });
    expect(publicError(e)).toEqual({
      code: 'CALLBACK_URL_FORBIDDEN',
      message: 'host x.test resolved to <address>',
      path: '$.callbackUrl',
    });
  });

  it('never shows the message of an internal error or an outage', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:54602'), {
      code: 'ECONNREFUSED',
    });
    expect(publicError(refused)).toEqual({
      code: 'UNAVAILABLE',
      message: 'A dependency was unavailable; it is retried',
    });
    expect(publicError(new DependencyUnavailableError('storage', refused)).message).toBe(
      'The storage was unavailable; it is retried',
    );
    const ff = new ClipwrightError(ErrorCode.FfmpegFailed, 'ffmpeg failed in /tmp/clipwright-1/x.mp4');
    expect(JSON.stringify(publicError(ff))).not.toMatch(/tmp|clipwright-1/);
    expect(publicError(new Error('secret at /etc/x'))).toEqual({
      code: 'INTERNAL',
      message: 'Internal error; the server log has the details',
    });
  });
});

describe('scrubInternals', () => {
  it('replaces addresses, ports, URLs and absolute paths', () => {
    const s = scrubInternals(
      'connect ECONNREFUSED 127.0.0.1:54602 at http://minio.internal:9000/b (/var/lib/x/y.mp4) [::1]:80 localhost:6379',
    );
    expect(s).not.toMatch(/127\.0|54602|minio|\/var|::1|6379/);
    expect(scrubInternals('$.data.features[0].a[12]')).toBe('$.data.features[0].a[12]');
  });
});

describe('stripControlCharacters', () => {
  it('drops NUL and other controls, keeps tab, newlines and every script', () => {
    expect(stripControlCharacters('a\u0000b\u0007c\td\ne\r\n\u009f台湾🌋\u007f')).toBe('abc\td\ne\r\n台湾🌋');
  });

  it('cleans every string of a JSON value, nested in objects and arrays, and leaves the rest', () => {
    expect(
      stripControlCharactersDeep({ a: 'x\u0000y', b: [1, null, true, { c: 'p\u0007q' }], d: 2.5 }),
    ).toEqual({ a: 'xy', b: [1, null, true, { c: 'pq' }], d: 2.5 });
  });
});
