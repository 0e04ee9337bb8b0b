// Mounts the panel with Resolve's adapter over the preload bridge. Tests load their own host.js with a fake adapter.
/* global ClipwrightPanel, document, window */
ClipwrightPanel.mountPanel(
  document.getElementById('panel'),
  ClipwrightPanel.resolveHost(window.clipwrightResolve),
);
