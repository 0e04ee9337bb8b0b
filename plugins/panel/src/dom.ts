/** A tiny element builder: the panels run in UXP, whose DOM has no framework, and must stay small. */
export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Record<string, string | boolean | undefined> = {},
  ...children: (Node | string | null | undefined)[]
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === false) continue;
    node.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children) if (c !== null && c !== undefined) node.append(c);
  return node;
}

/** A labelled input row: the label names the input, and an error line sits under it. */
export function field(id: string, label: string, input: HTMLElement, help?: string): HTMLElement {
  input.id = id;
  const error = el('span', { class: 'field-error', id: `${id}-error`, role: 'alert' });
  input.setAttribute('aria-describedby', `${id}-error${help ? ` ${id}-help` : ''}`);
  return el(
    'div',
    { class: 'field', 'data-field': id },
    el('label', { for: id }, label),
    input,
    help ? el('span', { class: 'help', id: `${id}-help` }, help) : null,
    error,
  );
}
