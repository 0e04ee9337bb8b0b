import Ajv, { ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { ClipwrightError, describeSchemaError, ErrorCode } from '@app/core';
import { dropBlankStrings } from './blank-strings';
import type { LayerKindRegistry } from '@app/layers';
import { composeTemplateSchema } from './template-schema';
import type { TemplateManifest } from './template.types';

const templateAjv = new Ajv({ allErrors: false, discriminator: true, strict: true, strictRequired: false });
/** One compiled manifest schema per kinds list (the API, the CLI and the worker each have one list). */
const compiled = new WeakMap<LayerKindRegistry, ValidateFunction<TemplateManifest>>();

/** Validates template.json against the schema composed from `kinds`; errors name the JSON path in `source`. */
export function checkManifest(value: unknown, source: string, kinds: LayerKindRegistry): TemplateManifest {
  let validate = compiled.get(kinds);
  if (!validate) {
    validate = templateAjv.compile<TemplateManifest>(composeTemplateSchema(kinds));
    compiled.set(kinds, validate);
  }
  if (validate(value)) return value;
  const first = validate.errors?.[0];
  const { path, message } = first ? describeSchemaError(first, '$') : { path: '$', message: 'is invalid' };
  throw new ClipwrightError(ErrorCode.TemplateInvalid, `${source}: ${path} ${message}`, {
    path: `${source}#${path}`,
  });
}

/** Compiles a template's input schema once; validates items against it. */
export class InputValidator {
  private readonly validate: ValidateFunction;

  constructor(schema: object, source: string) {
    const ajv = new Ajv({ allErrors: false, strict: false });
    addFormats(ajv);
    try {
      this.validate = ajv.compile(schema);
    } catch (e) {
      throw new ClipwrightError(
        ErrorCode.TemplateInvalid,
        `${source}: the input schema does not compile: ${(e as Error).message}`,
        {
          path: source,
          cause: e,
        },
      );
    }
  }

  /**
   * Validates one item and returns it with blank strings dropped (see dropBlankStrings): what the
   * binder and every later stage must use. Throws DATA_SCHEMA_MISMATCH naming the JSON path (inside
   * the whole data file) at fault; a required field holding only whitespace is reported as blank.
   */
  check(data: unknown, basePath: string): unknown {
    const { value, blanks } = dropBlankStrings(data, basePath);
    if (this.validate(value)) return value;
    const first = this.validate.errors?.[0];
    const described = first
      ? describeSchemaError(first, basePath)
      : { path: basePath, message: 'is invalid' };
    const { path } = described;
    const message =
      first?.keyword === 'required' && blanks.includes(path) ? 'is required but blank' : described.message;
    throw new ClipwrightError(
      ErrorCode.DataSchemaMismatch,
      `The data does not fit the template: ${path} ${message}`,
      {
        path,
      },
    );
  }
}
