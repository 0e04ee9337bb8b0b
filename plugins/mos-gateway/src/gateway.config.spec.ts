import { ConfigError, loadConfig } from './gateway.config';

const env = {
  MOS_ID: 'clipwright.mos',
  MOS_NCS_ID: 'enps.newsroom',
  MOS_NCS_HOST: '10.0.0.5',
  CLIPWRIGHT_API_URL: 'http://api.local:3000/',
  CLIPWRIGHT_API_KEY: 'cw_key',
  MOS_DATABASE_URL: 'postgres://u:p@db/clipwright',
};

describe('loadConfig', () => {
  it('fills the MOS defaults (ports 10540/10541/10542, no buddy)', () => {
    const c = loadConfig(env);
    expect(c.ports).toEqual({ lower: 10540, upper: 10541, query: 10542 });
    expect(c.primary).toEqual({
      id: 'enps.newsroom',
      host: '10.0.0.5',
      ports: { lower: 10540, upper: 10541, query: 10542 },
    });
    expect(c.buddy).toBeNull();
    expect(c.apiUrl).toBe('http://api.local:3000');
    expect([c.heartbeatMs, c.reconnectMinMs, c.reconnectMaxMs, c.aspect]).toEqual([
      5000,
      1000,
      30000,
      '16:9',
    ]);
  });

  it('takes a buddy NCS with the primary ports unless told otherwise', () => {
    const c = loadConfig({
      ...env,
      MOS_NCS_PORT_UPPER: '20541',
      MOS_NCS_BUDDY_ID: 'enps.buddy',
      MOS_NCS_BUDDY_HOST: '10.0.0.6',
    });
    expect(c.buddy).toEqual({
      id: 'enps.buddy',
      host: '10.0.0.6',
      ports: { lower: 10540, upper: 20541, query: 10542 },
    });
  });

  it.each([
    [{ MOS_ID: '' }, 'MOS_ID is required'],
    [{ MOS_ID: 'has space' }, 'MOS_ID must be 1 to 128 printable ASCII characters, no spaces'],
    [{ MOS_PORT_LOWER: '70000' }, 'MOS_PORT_LOWER must be between 1 and 65535, got 70000'],
    [
      { MOS_PORT_UPPER: '10540' },
      'MOS_PORT_LOWER MOS_PORT_UPPER and MOS_PORT_QUERY must be three different ports',
    ],
    [{ MOS_NCS_BUDDY_ID: 'b' }, 'MOS_NCS_BUDDY_HOST is required when the other buddy setting is given'],
    [
      { MOS_NCS_BUDDY_ID: 'enps.newsroom', MOS_NCS_BUDDY_HOST: 'h' },
      'MOS_NCS_BUDDY_ID must differ from MOS_NCS_ID',
    ],
    [{ CLIPWRIGHT_API_URL: 'ftp://x' }, 'CLIPWRIGHT_API_URL must be an http(s) URL, got "ftp://x"'],
    [
      { MOS_DATABASE_URL: 'mysql://x' },
      'MOS_DATABASE_URL must start with postgres://, postgresql:// or sqlite:',
    ],
    [
      { MOS_RECONNECT_MIN_MS: '5000', MOS_RECONNECT_MAX_MS: '1000' },
      'MOS_RECONNECT_MAX_MS must be at least MOS_RECONNECT_MIN_MS',
    ],
    [{ MOS_HEARTBEAT_MS: 'soon' }, 'MOS_HEARTBEAT_MS must be a whole number, got "soon"'],
    [{ MOS_MEDIA_SECRET: 'short' }, 'MOS_MEDIA_SECRET must be at least 16 characters'],
  ])('refuses %j', (over, message) => {
    expect(() => loadConfig({ ...env, ...over })).toThrow(new ConfigError('', message).message.trim());
  });
});
