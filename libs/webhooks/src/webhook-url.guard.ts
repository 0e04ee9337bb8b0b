import { promises as dnsPromises, lookup as dnsLookup, LookupAddress } from 'node:dns';
import { isIP, LookupFunction } from 'node:net';
import { type ClipwrightError, ServiceError, ServiceErrorCode } from '@app/core';
import { classifyAddress, ForbiddenReason } from './address-policy';

export interface UrlGuardOptions {
  /**
   * Let loopback through (127.0.0.0/8, ::1). For tests that run a receiver on 127.0.0.1 only:
   * in production it would expose every service on the worker's own machine.
   */
  allowLoopback?: boolean;
  /** DNS, swappable for tests; defaults to the system resolver (what the HTTP client will use too). */
  resolve?: (hostname: string) => Promise<LookupAddress[]>;
  /** The field named in errors, so the API can point at it. */
  field?: string;
}

export interface CheckedUrl {
  url: URL;
  /** Every address the host resolved to, all of them allowed. */
  addresses: string[];
}

/** Error detail reasons; stable, so callers can show or count them. */
export type UrlRejection = 'invalid-url' | 'scheme' | 'unresolvable' | ForbiddenReason;

const systemResolve = (hostname: string) => dnsPromises.lookup(hostname, { all: true, verbatim: true });

export function urlError(
  field: string,
  reason: UrlRejection,
  message: string,
  address?: string,
  cause?: unknown,
): ClipwrightError {
  // What a host resolves to, or whether it resolves at all, is not the caller's to learn (it maps
  // the internal network): past the URL's own syntax, every refusal reads the same. The specific
  // reason and address stay in `detail` and the cause, for the log.
  const shown =
    reason === 'invalid-url' || reason === 'scheme'
      ? message
      : `${field} is refused: webhooks go to public http(s) servers only`;
  return new ServiceError(ServiceErrorCode.CallbackUrlForbidden, shown, {
    path: field,
    cause,
    detail: { reason, explain: message, ...(address !== undefined ? { address } : {}) },
  });
}

/** The reason `address` is refused under `opts`, or null. */
export function addressRejection(address: string, opts: UrlGuardOptions = {}): ForbiddenReason | null {
  const reason = classifyAddress(address);
  if (reason === 'loopback' && opts.allowLoopback) return null;
  return reason;
}

/** `[::1]` -> `::1`: URL keeps IPv6 literals in brackets, resolvers and isIP want them bare. */
function bareHost(url: URL): string {
  return url.hostname.replace(/^\[|\]$/g, '');
}

/**
 * Check a callback URL before it is stored and again before each delivery: http(s) only, and every
 * address its host resolves to must be public. Every address, not the first: a name with one public
 * and one private record would otherwise reach the private one whenever the client picks it.
 */
export async function checkWebhookUrl(raw: string, opts: UrlGuardOptions = {}): Promise<CheckedUrl> {
  const field = opts.field ?? 'callbackUrl';
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw urlError(field, 'invalid-url', `${field} is not a URL: "${raw}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw urlError(field, 'scheme', `${field} must be an http or https URL, not ${url.protocol}`);
  }
  // WHATWG URL parsing has already turned 0x7f.1, 2130706433 and 127.1 into 127.0.0.1, so a literal
  // is checked in its one canonical form.
  const host = bareHost(url);
  let addresses: string[];
  if (isIP(host)) {
    addresses = [host];
  } else {
    try {
      addresses = (await (opts.resolve ?? systemResolve)(host)).map((a) => a.address);
    } catch (e) {
      throw urlError(field, 'unresolvable', `${field} host "${host}" does not resolve`, undefined, e);
    }
    if (addresses.length === 0) {
      throw urlError(field, 'unresolvable', `${field} host "${host}" has no address`);
    }
  }
  for (const address of addresses) {
    const reason = addressRejection(address, opts);
    if (reason) {
      throw urlError(
        field,
        reason,
        `${field} points at a ${reason} address (${address}); webhooks go to public servers only`,
        address,
      );
    }
  }
  return { url, addresses };
}

/**
 * A `lookup` for http.request that refuses forbidden addresses at connect time. Checking the URL
 * first is not enough on its own: DNS may answer differently a second later (DNS rebinding), and
 * this is the lookup whose answer the socket actually connects to.
 */
export function guardedLookup(opts: UrlGuardOptions = {}): LookupFunction {
  return (hostname, options, callback) => {
    const done = (err: NodeJS.ErrnoException | null, list: LookupAddress[]) => {
      if (err) return callback(err, '', 0);
      if (list.length === 0) {
        return callback(Object.assign(new Error(`${hostname} has no address`), { code: 'ENOTFOUND' }), '', 0);
      }
      for (const { address } of list) {
        const reason = addressRejection(address, opts);
        if (reason) {
          const e = urlError(
            opts.field ?? 'callbackUrl',
            reason,
            `${hostname} resolved to a ${reason} address (${address})`,
            address,
          );
          // The socket emits this error as is, so the sender can tell a refused address from a network fault.
          return callback(e as NodeJS.ErrnoException, '', 0);
        }
      }
      if (options.all) return callback(null, list);
      callback(null, list[0].address, list[0].family);
    };
    if (opts.resolve) {
      opts.resolve(hostname).then(
        (list) => done(null, list),
        (e: NodeJS.ErrnoException) => done(e, []),
      );
    } else {
      dnsLookup(hostname, { ...options, all: true }, (err, list) => done(err, list ?? []));
    }
  };
}
