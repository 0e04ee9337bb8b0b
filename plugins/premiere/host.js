// Mounts the panel with Premiere Pro's adapter (UXP). Tests load their own host.js with a fake adapter.
/* global ClipwrightPanel, document */
ClipwrightPanel.mountPanel(document.getElementById('panel'), ClipwrightPanel.premiereHost());
