import { ClipwrightClient } from '@app/client';
import { clipTab } from './clip.tab';
import { el, field } from './dom';
import type { HostAdapter } from './host.adapter';
import { stillTab } from './still.tab';

export type { HostAdapter, PanelFile } from './host.adapter';

/** Tabs as the WAI-ARIA Authoring Practices "Tabs" pattern: arrow keys move between them. */
function tabs(panels: { id: string; label: string; body: HTMLElement }[]): HTMLElement {
  const list = el('div', { role: 'tablist', 'aria-label': 'Panel' });
  const buttons = panels.map((p, i) => {
    const b = el(
      'button',
      { role: 'tab', id: `tab-${p.id}`, 'aria-controls': `panel-${p.id}`, type: 'button' },
      p.label,
    );
    p.body.id = `panel-${p.id}`;
    p.body.setAttribute('role', 'tabpanel');
    p.body.setAttribute('aria-labelledby', `tab-${p.id}`);
    b.addEventListener('click', () => select(i));
    b.addEventListener('keydown', (e) => {
      if (e.key === 'ArrowRight' || e.key === 'ArrowLeft') {
        const next = (i + (e.key === 'ArrowRight' ? 1 : panels.length - 1)) % panels.length;
        select(next);
        buttons[next].focus();
      }
    });
    list.append(b);
    return b;
  });
  function select(n: number) {
    panels.forEach((p, i) => {
      buttons[i].setAttribute('aria-selected', String(i === n));
      buttons[i].tabIndex = i === n ? 0 : -1;
      p.body.hidden = i !== n;
    });
  }
  select(0);
  return el('div', { class: 'tabs' }, list, ...panels.map((p) => p.body));
}

function signInForm(host: HostAdapter, onDone: (c: ClipwrightClient) => void, error?: string): HTMLElement {
  const server = el('input', { type: 'url', placeholder: 'https://clips.example.com', value: '' });
  const key = el('input', { type: 'password', autocomplete: 'off' });
  const status = el('p', { class: 'status', role: 'alert' }, error ?? '');
  const button = el('button', { type: 'submit' }, 'Sign in');
  const form = el(
    'form',
    { 'aria-label': 'Sign in' },
    field('server', 'Clipwright server', server),
    field('api-key', 'API key', key),
    button,
    status,
  );
  host.loadSettings().then(
    (s) => {
      if (s) server.value = s.server;
    },
    () => undefined,
  );
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const settings = { server: server.value.trim().replace(/\/+$/, ''), apiKey: key.value.trim() };
    const client = new ClipwrightClient({ baseUrl: settings.server, apiKey: settings.apiKey });
    try {
      await client.templates({ retry: false });
      await host.saveSettings(settings);
      onDone(client);
    } catch (x) {
      status.textContent = (x as Error).message;
    }
  });
  return form;
}

/**
 * Mounts the panel into `root` for a host: sign in (server and key remembered by the host), then
 * the Clip and Still tabs.
 */
export async function mountPanel(root: HTMLElement, host: HostAdapter): Promise<void> {
  const show = (client: ClipwrightClient) =>
    root.replaceChildren(
      el('h1', {}, `Clipwright for ${host.name}`),
      tabs([
        { id: 'clip', label: 'Clip', body: clipTab(client, host) },
        { id: 'still', label: 'Still', body: stillTab(client, host) },
      ]),
    );
  const saved = await host.loadSettings().catch(() => null);
  if (saved?.apiKey) {
    const client = new ClipwrightClient({ baseUrl: saved.server, apiKey: saved.apiKey });
    const ok = await client.templates({ retry: false }).then(
      () => true,
      () => false,
    );
    if (ok) return void show(client);
  }
  root.replaceChildren(el('h1', {}, `Clipwright for ${host.name}`), signInForm(host, show));
}
