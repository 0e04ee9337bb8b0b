import type { LookupAddress } from 'node:dns';
import { ClipwrightError } from '@app/core';
import { classifyAddress, parseIPv6 } from './address-policy';
import { checkWebhookUrl, guardedLookup } from './webhook-url.guard';

/** A resolver that answers from a table, like a customer's DNS zone. */
function zone(records: Record<string, string[]>) {
  return async (host: string): Promise<LookupAddress[]> => {
    const list = records[host];
    if (!list) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
    return list.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  };
}

async function rejection(url: string, opts = {}): Promise<unknown> {
  try {
    await checkWebhookUrl(url, { resolve: zone({}), ...opts });
  } catch (e) {
    if (e instanceof ClipwrightError) return { code: e.code, path: e.path, ...e.detail };
    return e;
  }
  return 'allowed';
}

describe('address policy', () => {
  it.each([
    // IPv4
    ['0.0.0.0', 'unspecified'],
    ['0.1.2.3', 'unspecified'],
    ['10.0.0.1', 'private'],
    ['10.255.255.255', 'private'],
    ['100.64.0.1', 'cgnat'],
    ['100.127.255.254', 'cgnat'],
    ['100.100.100.200', 'metadata'],
    ['127.0.0.1', 'loopback'],
    ['127.255.255.254', 'loopback'],
    ['169.254.0.1', 'link-local'],
    ['169.254.169.254', 'metadata'],
    ['168.63.129.16', 'metadata'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.0.0.170', 'reserved'],
    ['192.0.2.1', 'documentation'],
    ['192.88.99.1', 'reserved'],
    ['192.168.1.1', 'private'],
    ['198.18.0.1', 'reserved'],
    ['198.51.100.7', 'documentation'],
    ['203.0.113.9', 'documentation'],
    ['224.0.0.1', 'multicast'],
    ['239.255.255.250', 'multicast'],
    ['240.0.0.1', 'reserved'],
    ['255.255.255.255', 'reserved'],
    // IPv6
    ['::', 'unspecified'],
    ['::1', 'loopback'],
    ['0:0:0:0:0:0:0:1', 'loopback'],
    ['[::1]', 'loopback'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['::ffff:10.0.0.1', 'private'],
    ['::ffff:169.254.169.254', 'metadata'],
    ['::ffff:0:192.168.0.1', 'private'],
    ['64:ff9b::10.1.2.3', 'private'],
    ['64:ff9b::a9fe:a9fe', 'metadata'],
    ['64:ff9b:1::1', 'private'],
    ['2002:7f00:1::', 'loopback'],
    ['2002:c0a8:101::1', 'private'],
    ['::127.0.0.1', 'reserved'],
    ['100::1', 'reserved'],
    ['2001::1', 'reserved'],
    ['2001:db8::1', 'documentation'],
    ['3fff::1', 'documentation'],
    ['fc00::1', 'private'],
    ['fd12:3456:789a::1', 'private'],
    ['fd00:ec2::254', 'metadata'],
    ['fe80::1', 'link-local'],
    ['fe80::1%eth0', 'link-local'],
    ['febf::1', 'link-local'],
    ['fec0::1', 'private'],
    ['ff02::1', 'multicast'],
    ['4000::1', 'reserved'],
    ['not-an-ip', 'reserved'],
  ])('%s is %s', (address, reason) => {
    expect(classifyAddress(address)).toBe(reason);
  });

  it.each([
    '1.1.1.1',
    '8.8.8.8',
    '93.184.215.14',
    '100.63.255.255',
    '100.128.0.0',
    '172.15.255.255',
    '172.32.0.0',
    '169.253.255.255',
    '192.167.255.255',
    '223.255.255.255',
    '2606:4700:4700::1111',
    '2001:4860:4860::8888',
    '::ffff:8.8.8.8',
    '64:ff9b::8.8.8.8',
    '2002:808:808::1',
  ])('%s is public', (address) => {
    expect(classifyAddress(address)).toBeNull();
  });

  it('parses IPv6 the long way and the short way to the same bytes', () => {
    expect(parseIPv6('::ffff:1.2.3.4')).toEqual(parseIPv6('0:0:0:0:0:ffff:102:304'));
    expect(Array.from(parseIPv6('2001:db8::1')!)).toEqual([
      0x20, 1, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1,
    ]);
    expect(parseIPv6('1.2.3.4')).toBeNull();
    expect(parseIPv6('2001:db8::1::2')).toBeNull();
  });
});

describe('checkWebhookUrl', () => {
  const dns = zone({
    'hooks.example.com': ['93.184.215.14', '2606:2800:21f:cb07:6820:80da:af6b:8b2c'],
    localhost: ['127.0.0.1', '::1'],
    'internal.example.com': ['10.0.0.5'],
    'mixed.example.com': ['93.184.215.14', '192.168.0.10'],
    'v6-mapped.example.com': ['::ffff:169.254.169.254'],
    'empty.example.com': [],
  });

  it('allows public http(s) URLs and returns every address', async () => {
    await expect(
      checkWebhookUrl('https://hooks.example.com/clipwright?x=1', { resolve: dns }),
    ).resolves.toEqual({
      url: new URL('https://hooks.example.com/clipwright?x=1'),
      addresses: ['93.184.215.14', '2606:2800:21f:cb07:6820:80da:af6b:8b2c'],
    });
    await expect(checkWebhookUrl('http://8.8.8.8:8080/hook', { resolve: dns })).resolves.toMatchObject({
      addresses: ['8.8.8.8'],
    });
    await expect(
      checkWebhookUrl('https://[2606:4700:4700::1111]/hook', { resolve: dns }),
    ).resolves.toMatchObject({
      addresses: ['2606:4700:4700::1111'],
    });
  });

  it.each([
    ['not a url', 'invalid-url'],
    ['ftp://hooks.example.com/x', 'scheme'],
    ['file:///etc/passwd', 'scheme'],
    ['javascript:alert(1)', 'scheme'],
    ['gopher://127.0.0.1:6379/_FLUSHALL', 'scheme'],
    ['http://127.0.0.1:56379/', 'loopback'],
    ['http://localhost:3000/', 'loopback'],
    ['http://[::1]/', 'loopback'],
    ['http://[::ffff:127.0.0.1]/', 'loopback'],
    ['http://2130706433/', 'loopback'],
    ['http://0x7f.0.0.1/', 'loopback'],
    ['http://127.1/', 'loopback'],
    ['http://0/', 'unspecified'],
    ['http://169.254.169.254/latest/meta-data/', 'metadata'],
    ['http://[fd00:ec2::254]/', 'metadata'],
    ['http://[fe80::1%25eth0]/', 'invalid-url'],
    ['http://internal.example.com/', 'private'],
    ['http://mixed.example.com/', 'private'],
    ['http://v6-mapped.example.com/', 'metadata'],
    ['http://100.64.1.1/', 'cgnat'],
    ['http://[ff02::1]/', 'multicast'],
    ['http://nowhere.example.com/', 'unresolvable'],
    ['http://empty.example.com/', 'unresolvable'],
  ])('refuses %s (%s)', async (url, reason) => {
    expect(await rejection(url, { resolve: dns })).toMatchObject({
      code: 'CALLBACK_URL_FORBIDDEN',
      path: 'callbackUrl',
      reason,
    });
  });

  it('names the offending address and the field', async () => {
    expect(
      await rejection('http://mixed.example.com/', { resolve: dns, field: 'webhook.url' }),
    ).toMatchObject({
      path: 'webhook.url',
      address: '192.168.0.10',
    });
  });

  it('lets loopback through only when asked, and nothing else private', async () => {
    const opts = { resolve: dns, allowLoopback: true };
    await expect(checkWebhookUrl('http://127.0.0.1:8080/hook', opts)).resolves.toBeTruthy();
    await expect(checkWebhookUrl('http://localhost:8080/hook', opts)).resolves.toBeTruthy();
    await expect(checkWebhookUrl('http://[::ffff:127.0.0.1]/', opts)).resolves.toBeTruthy();
    expect(await rejection('http://internal.example.com/', opts)).toMatchObject({ reason: 'private' });
    expect(await rejection('http://169.254.169.254/', opts)).toMatchObject({ reason: 'metadata' });
  });
});

describe('guardedLookup', () => {
  function lookup(
    host: string,
    resolve: ReturnType<typeof zone>,
    all: boolean,
    allowLoopback = false,
  ): Promise<{ err: unknown; address: unknown; family?: number }> {
    return new Promise((done) =>
      guardedLookup({ resolve, allowLoopback })(host, { all }, (err, address, family) =>
        done({ err, address, family }),
      ),
    );
  }

  it('answers in both shapes net.connect asks for', async () => {
    const dns = zone({ 'hooks.example.com': ['93.184.215.14', '2606:4700:4700::1111'] });
    expect(await lookup('hooks.example.com', dns, false)).toEqual({
      err: null,
      address: '93.184.215.14',
      family: 4,
    });
    expect((await lookup('hooks.example.com', dns, true)).address).toEqual([
      { address: '93.184.215.14', family: 4 },
      { address: '2606:4700:4700::1111', family: 6 },
    ]);
  });

  it('refuses at connect time when DNS has changed its answer since the check (rebinding)', async () => {
    let calls = 0;
    const rebinding = async (): Promise<LookupAddress[]> => [
      calls++ === 0 ? { address: '93.184.215.14', family: 4 } : { address: '169.254.169.254', family: 4 },
    ];
    await expect(checkWebhookUrl('http://rebind.example.com/', { resolve: rebinding })).resolves.toBeTruthy();
    const { err } = await lookup('rebind.example.com', rebinding, true);
    expect(err).toMatchObject({ code: 'CALLBACK_URL_FORBIDDEN', detail: { reason: 'metadata' } });
  });

  it('passes DNS errors through and honours allowLoopback', async () => {
    expect((await lookup('nowhere.example.com', zone({}), false)).err).toMatchObject({ code: 'ENOTFOUND' });
    const local = zone({ localhost: ['127.0.0.1'] });
    expect((await lookup('localhost', local, false)).err).toMatchObject({ detail: { reason: 'loopback' } });
    expect(await lookup('localhost', local, false, true)).toMatchObject({ err: null, address: '127.0.0.1' });
  });
});
