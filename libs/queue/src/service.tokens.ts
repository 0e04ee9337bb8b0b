/** Injection tokens shared by the API and the worker (plain strings: no Nest import needed here). */
export const SERVICE_CONFIG = 'SERVICE_CONFIG';
export const REDIS = 'REDIS';
export const LOGGER = 'LOGGER';
