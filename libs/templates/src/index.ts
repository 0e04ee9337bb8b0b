export * from './template.types';
export * from './data.reader';
export * from './item.selector';
export * from './schema.validator';
export * from './template.loader';
export * from './template.binder';
export * from './text.filters';
export { default as templateJsonSchema } from './template.schema.json';
