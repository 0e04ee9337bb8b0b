export * from './speech.types';
export * from './wav';
export * from './clauses';
export * from './silence';
export * from './word-timing';
export * from './ssml';
export * from './assemble';
export * from './espeak.provider';
