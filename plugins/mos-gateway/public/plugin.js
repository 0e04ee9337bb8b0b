/* global window, document, fetch, XMLSerializer, URLSearchParams, URL, crypto */
// The Clipwright NRCS plug-in page (MOS 2.8.5 HTML5 plug-in model, the "ActiveX-free" plug-in):
// hosted by the newsroom system in an iframe, it talks to the NCS only through window.postMessage
// with MOS XML strings. It asks for the host's context (ncsReqAppInfo), answers ncsItemRequest
// with the item, and sends the item (ncsItem) when the journalist presses "Add to story" or drags
// it into the story. The item carries the template and fields in mosExternalMetadata
// (schema/clipwright-item.xsd), which the gateway reads when the story reaches it.
'use strict';

(function () {
  const params = new URLSearchParams(window.location.search);
  // The NCS's origin, when the host passes it; messages are then posted to it alone.
  const ncsOrigin = params.get('origin') || '*';
  const state = { config: null, ncsID: '', mosID: '' };
  const $ = (id) => document.getElementById(id);

  function post(xml) {
    window.parent.postMessage(xml, ncsOrigin);
  }

  function el(doc, parent, name, text, attrs) {
    const node = doc.createElement(name);
    if (text !== undefined && text !== null) node.textContent = String(text);
    for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, v);
    parent.appendChild(node);
    return node;
  }

  function template() {
    return state.config.templates.find((t) => t.id === $('template').value);
  }

  function renderFields() {
    const t = template();
    const box = $('fields');
    box.textContent = '';
    for (const f of t.fields) {
      const label = document.createElement('label');
      label.append(f.label + ' ');
      if (f.required) {
        const star = document.createElement('span');
        star.className = 'req';
        star.textContent = '*';
        label.append(star);
      }
      let input;
      if (f.type === 'enum') {
        input = document.createElement('select');
        input.append(new window.Option('', ''));
        for (const o of f.options) input.append(new window.Option(o, o));
      } else {
        input = document.createElement('input');
        input.type = 'text';
        if (f.example) input.placeholder = f.example;
        if (f.maxLength) input.maxLength = f.maxLength;
      }
      input.name = f.name;
      input.dataset.field = f.name;
      input.required = f.required;
      label.append(input);
      box.append(label);
    }
    $('story-note').hidden = !t.usesStoryText;
  }

  /** The item's fields, checked the way the gateway checks them (required, numbers, date-times). */
  function collect() {
    const t = template();
    const fields = [];
    for (const f of t.fields) {
      const v = document.querySelector('[data-field="' + f.name + '"]').value.trim();
      if (!v) {
        if (f.required) throw new Error(f.label + ' is required');
        continue;
      }
      if (
        (f.type === 'number' && !/^[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$/.test(v)) ||
        (f.type === 'integer' && !/^[-+]?\d+$/.test(v))
      )
        throw new Error(f.label + ' must be a number');
      if (
        f.type === 'datetime' &&
        !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(v)
      )
        throw new Error(f.label + ' must look like 2025-11-21T05:42:00Z');
      fields.push([f.name, v]);
    }
    return { template: t.id, slug: $('slug').value.trim(), fields };
  }

  /** `<mos><ncsItem><item>...</item></ncsItem></mos>` for the form as filled (MOS 2.8.5 ncsItem). */
  function itemXml() {
    const c = collect();
    const doc = document.implementation.createDocument(null, 'mos', null);
    const mos = doc.documentElement;
    if (state.ncsID) el(doc, mos, 'ncsID', state.ncsID);
    el(doc, mos, 'mosID', state.config.mosId);
    const item = el(doc, el(doc, mos, 'ncsItem'), 'item');
    el(doc, item, 'itemID', '');
    el(doc, item, 'itemSlug', c.slug || c.template);
    el(doc, item, 'objID', 'CW-' + crypto.randomUUID());
    el(doc, item, 'mosID', state.config.mosId);
    el(doc, item, 'mosAbstract', 'Clipwright ' + c.template + (c.slug ? ': ' + c.slug : ''));
    const meta = el(doc, item, 'mosExternalMetadata');
    el(doc, meta, 'mosScope', 'PLAYLIST');
    el(doc, meta, 'mosSchema', new URL(state.config.schema, window.location.href).toString());
    const payload = el(doc, el(doc, meta, 'mosPayload'), 'clipwright', null, {
      version: '1',
      template: c.template,
    });
    if (c.slug) payload.setAttribute('slug', c.slug);
    for (const [name, value] of c.fields) el(doc, payload, 'field', null, { name, value });
    return new XMLSerializer().serializeToString(doc);
  }

  function send(reason) {
    $('error').textContent = '';
    try {
      const xml = itemXml();
      post(xml);
      $('status').textContent = reason === 'request' ? 'Item sent to the story.' : 'Item added to the story.';
      return xml;
    } catch (e) {
      $('error').textContent = e.message;
      return null;
    }
  }

  window.addEventListener('message', (event) => {
    if (event.source !== window.parent || typeof event.data !== 'string') return;
    let doc;
    try {
      doc = new window.DOMParser().parseFromString(event.data, 'application/xml');
    } catch {
      return;
    }
    if (doc.getElementsByTagName('parsererror').length) return;
    const text = (name) => (doc.getElementsByTagName(name)[0] || {}).textContent || '';
    if (doc.getElementsByTagName('ncsAppInfo').length) {
      state.ncsID = text('ncsID');
      $('status').textContent = 'Connected to ' + (state.ncsID || 'the newsroom system') + '.';
    } else if (doc.getElementsByTagName('ncsItemRequest').length) {
      send('request');
    }
  });

  $('clip').addEventListener('submit', (e) => {
    e.preventDefault();
    send('button');
  });
  $('drag').addEventListener('dragstart', (e) => {
    try {
      e.dataTransfer.setData('text/plain', itemXml());
    } catch (err) {
      e.preventDefault();
      $('error').textContent = err.message;
    }
  });

  fetch('templates.json')
    .then((r) => r.json())
    .then((config) => {
      state.config = config;
      for (const t of config.templates)
        $('template').append(new window.Option(t.title + ' (' + t.id + ')', t.id));
      $('template').addEventListener('change', renderFields);
      renderFields();
      document.body.dataset.ready = 'true';
      post('<mos><ncsReqAppInfo/></mos>');
    })
    .catch((e) => {
      $('error').textContent = 'Templates could not be loaded: ' + e.message;
    });
})();
