import { useEffect, useMemo, useState } from 'react';
import Form from '@rjsf/core';
import type { ErrorSchema, RJSFSchema, UiSchema } from '@rjsf/utils';
import validator from '@rjsf/validator-ajv8';
import {
  ClipwrightApiError,
  errorTree,
  fieldPathOf,
  formFields,
  newIdempotencyKey,
  setAt,
  type ClipwrightClient,
  type CreateJobRequest,
} from '@app/client';
import { go } from '../route';
import { ErrorNote, PageTitle, useDebounced } from '../ui';
import { assetWidget } from './asset.widget';
import { formTemplates } from './form-buttons';
import { FeedUpload } from './feed-upload';

interface Loaded {
  title: string;
  aspects: string[];
  description: string | null;
  schema: RJSFSchema;
  /** The sample's first item (data templates), or its script (script templates). */
  data?: unknown;
  script?: { format: 'markdown' | 'text'; text: string };
}

/** The first item of a sample feed (the manifest's `inputs.collection.items` JSON pointer), else the sample. */
function firstItem(sample: unknown, pointer: string | undefined): unknown {
  if (!pointer) return sample;
  let v: unknown = sample;
  for (const part of pointer.split('/').slice(1)) v = (v as Record<string, unknown> | null)?.[part];
  return Array.isArray(v) && v.length > 0 ? v[0] : sample;
}

/** An empty item: only the schema's fixed (`const`) values, for a form started from scratch. */
function blank(schema: RJSFSchema): unknown {
  let data: unknown = {};
  for (const f of formFields(schema as Record<string, unknown>))
    if (f.kind === 'fixed') data = setAt(data, f.path, f.value);
  return data;
}

/** Hidden inputs for `const` fields; the upload widget for fields that take `asset:<id>`. */
function uiSchemaOf(schema: RJSFSchema): UiSchema {
  const ui: UiSchema = { 'ui:submitButtonOptions': { norender: true } };
  for (const f of formFields(schema as Record<string, unknown>)) {
    let node = ui;
    for (const p of f.path) node = (node[String(p)] ??= {}) as UiSchema;
    if (f.kind === 'fixed') node['ui:widget'] = 'hidden';
    else if (f.description?.includes('asset:')) node['ui:widget'] = 'asset';
  }
  return ui;
}

/**
 * One template's form, generated from its input JSON Schema (@rjsf/core), with the live script
 * preview beside it, a feed upload (one clip per item) and, for script templates, a script editor.
 * The API is the one judge of the data: its errors land on the field they name.
 */
export function TemplatePage({ client, id }: { client: ClipwrightClient; id: string }) {
  const [loaded, setLoaded] = useState<Loaded>();
  const [loadError, setLoadError] = useState<unknown>();
  const [data, setData] = useState<unknown>();
  const [script, setScript] = useState('');
  const [apiError, setApiError] = useState<ClipwrightApiError>();
  const [preview, setPreview] = useState<string>();
  const [previewing, setPreviewing] = useState(false);
  const [submitting, setSubmitting] = useState(false);
  const [aspects, setAspects] = useState<string[]>([]);

  useEffect(() => {
    (async () => {
      const [manifest, schema, sample] = await Promise.all([
        client.json<{
          title: string;
          description?: string;
          inputs?: { collection?: { items?: string } };
          outputs: { aspect: string }[];
        }>('GET', `/v1/templates/${encodeURIComponent(id)}`),
        client.templateSchema(id),
        client.templateSample(id).catch(() => undefined) as Promise<
          { data?: unknown; script?: Loaded['script'] } | undefined
        >,
      ]);
      const first =
        sample?.data !== undefined ? firstItem(sample.data, manifest.inputs?.collection?.items) : undefined;
      setLoaded({
        title: manifest.title,
        aspects: manifest.outputs.map((o) => o.aspect),
        description: manifest.description ?? null,
        schema: schema as RJSFSchema,
        data: first,
        script: sample?.script,
      });
      setData(first ?? blank(schema as RJSFSchema));
      setAspects(manifest.outputs.map((o) => o.aspect));
      setScript(sample?.script?.text ?? '');
    })().catch(setLoadError);
  }, [client, id]);

  const isScript = !!loaded?.script;
  const request = useMemo((): CreateJobRequest => {
    // All shapes is the API's default: name them only when some were left out.
    const chosen = aspects.length < (loaded?.aspects.length ?? 0) ? { aspects } : {};
    if (isScript)
      return {
        template: id,
        script: { format: loaded?.script?.format ?? 'markdown', text: script },
        ...chosen,
      };
    return { template: id, data, ...chosen };
  }, [id, isScript, loaded, script, data, aspects]);

  // Live preview: the script the voice will read, a moment after the last change.
  const debounced = useDebounced(request, 400);
  useEffect(() => {
    if (!loaded) return;
    const ctl = new AbortController();
    setPreviewing(true);
    const body = isScript ? { script: debounced.script } : { data: debounced.data };
    client
      .json<{ script: string }>('POST', `/v1/templates/${encodeURIComponent(id)}/preview`, body, {
        signal: ctl.signal,
      })
      .then((p) => {
        setPreview(p.script);
        setApiError(undefined);
      })
      .catch((e: unknown) => {
        if (ctl.signal.aborted) return;
        if (e instanceof ClipwrightApiError) setApiError(e);
      })
      .finally(() => !ctl.signal.aborted && setPreviewing(false));
    return () => ctl.abort();
  }, [client, id, loaded, isScript, debounced]);

  const extraErrors = useMemo(() => {
    const path = fieldPathOf(apiError?.path);
    if (!apiError || !path) return undefined;
    const message = apiError.message.replace(/^.*?\$\.data\S*\s/, '');
    return errorTree(path, message) as ErrorSchema;
  }, [apiError]);
  const uiSchema = useMemo(() => (loaded ? uiSchemaOf(loaded.schema) : {}), [loaded]);
  const widgets = useMemo(() => ({ asset: assetWidget(client) }), [client]);

  async function submit() {
    setSubmitting(true);
    try {
      const job = await client.createJob(request, newIdempotencyKey());
      go({ page: 'job', id: job.id });
    } catch (e) {
      if (e instanceof ClipwrightApiError) setApiError(e);
      else setApiError(new ClipwrightApiError(0, 'NETWORK', String(e)));
    } finally {
      setSubmitting(false);
    }
  }

  if (loadError) return <ErrorNote error={loadError} />;
  if (!loaded) return <p aria-live="polite">Loading the template…</p>;
  const formLevelError = apiError && !extraErrors ? apiError : undefined;
  return (
    <>
      <PageTitle>{loaded.title}</PageTitle>
      {loaded.description ? <p className="lead">{loaded.description}</p> : null}
      <div className="columns">
        <section aria-labelledby="fields-heading" className="panel">
          <h2 id="fields-heading">{isScript ? 'Script' : 'Fields'}</h2>
          {!isScript ? (
            <div className="start" role="group" aria-label="Start from">
              <button
                type="button"
                className="quiet"
                onClick={() => setData(loaded.data ?? blank(loaded.schema))}
              >
                Start from the sample
              </button>
              <button type="button" className="quiet" onClick={() => setData(blank(loaded.schema))}>
                Start from a blank form
              </button>
            </div>
          ) : null}
          {isScript ? (
            <ScriptEditor value={script} onChange={setScript} format={loaded.script?.format ?? 'markdown'} />
          ) : (
            <Form
              schema={loaded.schema}
              uiSchema={uiSchema}
              widgets={widgets}
              templates={formTemplates}
              validator={validator}
              formData={data}
              noValidate
              noHtml5Validate
              showErrorList={false}
              extraErrors={extraErrors}
              onChange={(e) => setData(e.formData)}
              idPrefix="data"
            />
          )}
          <fieldset className="aspects-choice">
            <legend>Make these shapes</legend>
            {loaded.aspects.map((a) => (
              <label key={a} className="check">
                <input
                  type="checkbox"
                  checked={aspects.includes(a)}
                  onChange={(e) =>
                    setAspects(e.target.checked ? [...aspects, a] : aspects.filter((x) => x !== a))
                  }
                />{' '}
                {a}
              </label>
            ))}
          </fieldset>
          <ErrorNote error={formLevelError} />
          <div className="actions">
            <button type="button" onClick={submit} disabled={submitting || aspects.length === 0}>
              {submitting ? 'Submitting…' : 'Make the clip'}
            </button>
          </div>
        </section>
        <aside aria-labelledby="preview-heading" className="panel">
          <h2 id="preview-heading">What the anchor will say</h2>
          <p className="help" aria-live="polite" id="preview-state">
            {previewing
              ? 'Updating…'
              : apiError
                ? 'Fix the field marked in red to see the script.'
                : 'Up to date.'}
          </p>
          <blockquote id="script-preview" aria-live="polite" aria-busy={previewing}>
            {preview ?? '…'}
          </blockquote>
          {!isScript ? <FeedUpload client={client} template={id} /> : null}
        </aside>
      </div>
    </>
  );
}

function ScriptEditor(props: { value: string; onChange: (v: string) => void; format: string }) {
  return (
    <div className="script-editor">
      <label htmlFor="script-text">Script ({props.format === 'markdown' ? 'Markdown' : 'plain text'})</label>
      <textarea
        id="script-text"
        rows={14}
        value={props.value}
        onChange={(e) => props.onChange(e.target.value)}
      />
      <label htmlFor="script-file">Or open a script file</label>
      <input
        id="script-file"
        type="file"
        accept=".md,.markdown,.txt,text/markdown,text/plain"
        onChange={async (e) => {
          const file = e.target.files?.[0];
          if (file) props.onChange(await file.text());
        }}
      />
    </div>
  );
}
