import Ajv, { ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { ClipwrightError, describeSchemaError, ErrorCode } from '@app/core';
import templateSchema from './template.schema.json';
import { TemplateManifest } from './template.types';

const templateAjv = new Ajv({ allErrors: false, discriminator: true, strict: true, strictRequired: false });
const validateManifest = templateAjv.compile<TemplateManifest>(templateSchema);

export function checkManifest(value: unknown, source: string): TemplateManifest {
  if (validateManifest(value)) return value;
  const first = validateManifest.errors?.[0];
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

  /** Throws DATA_SCHEMA_MISMATCH naming the JSON path (inside the whole data file) at fault. */
  check(data: unknown, basePath: string): void {
    if (this.validate(data)) return;
    const first = this.validate.errors?.[0];
    const { path, message } = first
      ? describeSchemaError(first, basePath)
      : { path: basePath, message: 'is invalid' };
    throw new ClipwrightError(
      ErrorCode.DataSchemaMismatch,
      `The data does not fit the template: ${path} ${message}`,
      { path },
    );
  }
}
