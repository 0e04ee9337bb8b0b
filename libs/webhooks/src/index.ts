export * from './address-policy';
export * from './webhook-url.guard';
export * from './webhook-signing';
export * from './webhook.transport';
export * from './webhook.sender';
