import {
  ClipwrightApiError,
  dataFromInputs,
  fieldPathOf,
  followJob,
  formFields,
  getAt,
  keyOf,
  newIdempotencyKey,
  outputFor,
  type ClipwrightClient,
  type FormField,
  type Job,
} from '@app/client';
import { el, field } from './dom';
import type { HostAdapter } from './host.adapter';

function inputFor(f: FormField, value: unknown): HTMLElement {
  if (f.kind === 'choice') {
    const select = el('select', { name: f.key });
    for (const c of ['', ...(f.choices ?? []).filter((x) => x !== null)])
      select.append(
        el(
          'option',
          { value: String(c), selected: String(value ?? '') === String(c) },
          c === '' ? '—' : String(c),
        ),
      );
    return select;
  }
  const type = f.kind === 'number' || f.kind === 'integer' ? 'number' : 'text';
  const input = el('input', { name: f.key, type, step: f.kind === 'number' ? 'any' : undefined });
  input.value = value === null || value === undefined ? '' : String(value);
  return input;
}

/**
 * The workspace's latest finished clips (made here, in the studio or by a feed), each with an Import
 * button: an editor pulls a colleague's approved clip into the project without making it again.
 */
function recentJobs(
  client: ClipwrightClient,
  importResult: (job: Job) => Promise<string>,
  status: HTMLElement,
): HTMLElement {
  const list = el('ul', { class: 'recent', 'aria-label': 'Finished clips' });
  const refresh = el('button', { type: 'button', class: 'quiet' }, 'Show finished clips');
  refresh.addEventListener('click', async () => {
    try {
      const { items } = await client.jobs({ state: 'completed', limit: 5 });
      list.replaceChildren(
        ...items.map((j) => {
          const button = el('button', { type: 'button' }, `Import ${j.template} ${j.id.slice(-6)}`);
          button.addEventListener('click', async () => {
            status.textContent = 'Importing…';
            try {
              status.textContent = `Done: ${await importResult(await client.job(j.id))}`;
            } catch (x) {
              status.textContent = (x as Error).message;
            }
          });
          return el('li', {}, button, ` ${new Date(j.finishedAt ?? j.createdAt).toLocaleString()}`);
        }),
      );
      if (items.length === 0) list.replaceChildren(el('li', {}, 'No finished clips yet.'));
    } catch (x) {
      status.textContent = (x as Error).message;
    }
  });
  return el('section', { class: 'recent-jobs' }, refresh, list);
}

/**
 * The "Clip" tab: a template's form from its schema (the shared form model), submit, progress over
 * SSE, then the MP4 and captions (or the timeline) imported through the host.
 */
export function clipTab(client: ClipwrightClient, host: HostAdapter): HTMLElement {
  const root = el('section', { 'aria-label': 'Make a clip' });
  const templates = el('select', { name: 'template' });
  const form = el('form', { class: 'fields' });
  const status = el('p', { class: 'status', role: 'status', 'aria-live': 'polite' });
  const bar = el('progress', { max: '1', value: '0', 'aria-label': 'Progress' });
  const submit = el('button', { type: 'submit' }, 'Make and import');
  const asTimeline = el('input', { type: 'checkbox', id: 'as-timeline' });
  let fields: FormField[] = [];
  let sample: unknown = {};

  async function loadTemplate(id: string) {
    form.replaceChildren(el('p', {}, 'Loading…'));
    const [schema, s] = await Promise.all([
      client.templateSchema(id),
      client.templateSample(id).catch(() => undefined) as Promise<
        { data?: { features?: unknown[] } } | undefined
      >,
    ]);
    sample = Array.isArray(s?.data?.features) ? s.data.features[0] : (s?.data ?? {});
    fields = formFields(schema);
    form.replaceChildren(
      ...fields
        .filter((f) => f.kind !== 'fixed')
        .map((f) => field(f.key, f.label, inputFor(f, getAt(sample, f.path)), f.description)),
    );
  }

  function texts(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const f of fields) {
      const input = form.querySelector<HTMLInputElement>(`[name="${f.key}"]`);
      if (input) out[f.key] = input.value;
    }
    return out;
  }

  function showError(e: unknown) {
    for (const node of form.querySelectorAll('.field-error')) node.textContent = '';
    const apiError = e instanceof ClipwrightApiError ? e : undefined;
    const path = fieldPathOf(apiError?.path);
    const target = path ? form.querySelector(`[id="${keyOf(path)}-error"]`) : null;
    if (target && apiError) {
      target.textContent = apiError.message.replace(/^.*?\$\.data\S*\s/, '');
      status.textContent = 'Fix the field marked below.';
    } else status.textContent = apiError ? `${apiError.message} (${apiError.code})` : String(e);
  }

  async function importResult(job: Job) {
    if (asTimeline.checked && host.importTimeline) {
      const timeline = outputFor(job, 'fcpxml') ?? outputFor(job, 'xml');
      if (!timeline) throw new Error('This job has no timeline file to import');
      const bytes = await (await client.download(timeline.href)).arrayBuffer();
      return host.importTimeline({ name: timeline.name, bytes });
    }
    const aspect = job.aspects[0];
    const clip = outputFor(job, 'mp4', aspect);
    if (!clip) throw new Error('This job has no MP4 to import');
    const captions = outputFor(job, 'srt') ?? outputFor(job, 'vtt');
    const clipBytes = await (await client.download(clip.href)).arrayBuffer();
    const captionBytes = captions ? await (await client.download(captions.href)).arrayBuffer() : undefined;
    return host.importClip(
      { name: clip.name.replace(/\.mp4$/, `-${job.id.slice(-6)}.mp4`), bytes: clipBytes },
      captions && captionBytes
        ? { name: captions.name.replace(/(\.\w+)$/, `-${job.id.slice(-6)}$1`), bytes: captionBytes }
        : undefined,
    );
  }

  form.addEventListener('submit', (e) => e.preventDefault());
  submit.addEventListener('click', async (e) => {
    e.preventDefault();
    submit.disabled = true;
    showError(undefined);
    status.textContent = 'Submitting…';
    try {
      const data = dataFromInputs(fields, texts(), sample);
      const created = await client.createJob({ template: templates.value, data }, newIdempotencyKey());
      const job = await followJob(client, created.id, {
        onProgress: (j) => {
          bar.value = j.progress;
          status.textContent =
            j.state === 'queued'
              ? 'Waiting for a worker'
              : `${j.stage ?? 'Working'} ${Math.round(j.progress * 100)}%`;
        },
      });
      if (job.state !== 'completed')
        throw new ClipwrightApiError(
          0,
          job.error?.code ?? job.state,
          job.error?.message ?? `The job was ${job.state}`,
        );
      bar.value = 1;
      status.textContent = 'Importing…';
      status.textContent = `Done: ${await importResult(job)}`;
    } catch (x) {
      showError(x);
    } finally {
      submit.disabled = false;
    }
  });
  templates.addEventListener('change', () => void loadTemplate(templates.value).catch(showError));
  client
    .templates()
    .then(async ({ items }) => {
      templates.replaceChildren(...items.map((t) => el('option', { value: t.id }, t.title)));
      if (items[0]) await loadTemplate(items[0].id);
    })
    .catch(showError);
  root.append(field('template', 'Template', templates), form);
  if (host.importTimeline)
    root.append(
      el('label', { class: 'check' }, asTimeline, ' Import the layered timeline instead of the MP4'),
    );
  root.append(el('div', { class: 'actions' }, submit), bar, status, recentJobs(client, importResult, status));
  return root;
}
