import pino from 'pino';
import { installShutdown, within } from './shutdown';

describe('installShutdown', () => {
  const signal = 'SIGUSR2' as NodeJS.Signals;
  afterEach(() => process.removeAllListeners(signal));

  it('exits 0 once close finishes', async () => {
    const exits: number[] = [];
    installShutdown(async () => undefined, {
      graceMs: 1000,
      logger: pino({ level: 'silent' }),
      exit: (c) => void exits.push(c),
      signals: [signal],
    });
    process.emit(signal, signal);
    await new Promise((r) => setTimeout(r, 50));
    expect(exits).toEqual([0]);
  });

  it('exits 1 at the deadline when close hangs, even if logging throws', async () => {
    const exits: number[] = [];
    const broken = pino({ level: 'info' });
    broken.info = (() => {
      throw new Error('EPIPE');
    }) as never;
    installShutdown(() => new Promise(() => undefined), {
      graceMs: 100,
      logger: broken,
      exit: (c) => void exits.push(c),
      signals: [signal],
    });
    process.emit(signal, signal);
    await new Promise((r) => setTimeout(r, 300));
    expect(exits).toEqual([1]);
  });

  it('within() never waits longer than asked', async () => {
    expect(await within(new Promise(() => undefined), 20)).toBe('timeout');
    expect(await within(Promise.reject(new Error('x')), 20)).toBe('done');
  });
});
