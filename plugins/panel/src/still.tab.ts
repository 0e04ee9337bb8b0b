import { ClipwrightApiError, followJob, outputFor, type ClipwrightClient } from '@app/client';
import { el, field } from './dom';
import type { HostAdapter } from './host.adapter';

/** The "Still" tab: a picture from a prompt (POST /v1/images, the diffusion engine), imported into the bin. */
export function stillTab(client: ClipwrightClient, host: HostAdapter): HTMLElement {
  const prompt = el('textarea', { rows: '3', name: 'prompt' });
  const model = el('select', { name: 'model' });
  const width = el('input', { type: 'number', name: 'width', value: '512', step: '8' });
  const height = el('input', { type: 'number', name: 'height', value: '512', step: '8' });
  const go = el('button', { type: 'button' }, 'Generate and import');
  const status = el('p', { class: 'status', role: 'status', 'aria-live': 'polite' });
  client
    .json<{ models?: { id: string; modes?: string[] }[] }>('GET', '/v1/models')
    .then((m) => {
      // GET /v1/models: what the running generate workers offer; text-to-image is what this tab asks for.
      const ids = (m.models ?? [])
        .filter((x) => !x.modes || x.modes.includes('text-to-image'))
        .map((x) => x.id);
      model.replaceChildren(...ids.map((id) => el('option', { value: id }, id)));
      if (ids.length === 0) status.textContent = 'No image model is running on this server yet.';
    })
    .catch(() => undefined);
  go.addEventListener('click', async () => {
    go.disabled = true;
    for (const n of document.querySelectorAll('.still .field-error')) n.textContent = '';
    status.textContent = 'Queued…';
    try {
      const created = await client.createImage({
        model: model.value,
        prompt: prompt.value,
        width: Number(width.value),
        height: Number(height.value),
      });
      const job = await followJob(client, created.id, {
        onProgress: (j) => (status.textContent = `Generating ${Math.round(j.progress * 100)}%`),
      });
      const png = job.state === 'completed' ? outputFor(job, 'png') : undefined;
      if (!png) throw new Error(job.error?.message ?? `The image job was ${job.state}`);
      const bytes = await (await client.download(png.href)).arrayBuffer();
      status.textContent = `Done: ${await host.importStill({ name: png.name.replace(/\.png$/, `-${job.id.slice(-6)}.png`), bytes })}`;
    } catch (e) {
      const api = e instanceof ClipwrightApiError ? e : undefined;
      const name = api?.path?.replace(/^\$\./, '');
      const slot = name ? document.querySelector(`#still-${name}-error`) : null;
      if (slot && api) slot.textContent = api.message;
      status.textContent = api ? `${api.message} (${api.code})` : String((e as Error).message ?? e);
    } finally {
      go.disabled = false;
    }
  });
  return el(
    'section',
    { class: 'still', 'aria-label': 'Generate a still' },
    field('still-prompt', 'Prompt', prompt),
    field('still-model', 'Model', model),
    field('still-width', 'Width (pixels)', width),
    field('still-height', 'Height (pixels)', height),
    el('div', { class: 'actions' }, go),
    status,
  );
}
