/**
 * The MOS gateway process: `node dist/plugins/mos-gateway/src/main.js` (npm run mos-gateway).
 * Settings come from the environment (gateway.config.ts, README); a bad one exits with code 2.
 */
import pino from 'pino';
import { ConfigError, GatewayConfig, loadConfig } from './gateway.config';
import { MosGateway } from './gateway';

async function main(): Promise<void> {
  let config: GatewayConfig;
  try {
    config = loadConfig(process.env);
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(`mos-gateway: ${e.message}\n`);
      process.exit(2);
    }
    throw e;
  }
  const logger = pino({ level: config.logLevel, base: { app: 'mos-gateway' } });
  const gateway = new MosGateway(config, logger);
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'gateway stopping');
    gateway.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
  // A fault in one message's handling is logged, never the end of the gateway.
  process.on('unhandledRejection', (e) => logger.error({ err: String(e) }, 'unhandled rejection'));
  try {
    await gateway.start();
  } catch (e) {
    logger.fatal({ err: String(e instanceof Error ? e.message : e) }, 'gateway failed to start');
    await gateway.stop().catch(() => undefined);
    process.exit(1);
  }
}

void main();
