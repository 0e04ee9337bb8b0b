// The panel's only door to the main process: the host calls, nothing else (contextIsolation on).
'use strict';
const { contextBridge, ipcRenderer } = require('electron');

contextBridge.exposeInMainWorld('clipwrightResolve', {
  writeFile: (name, bytes) => ipcRenderer.invoke('clipwright:write-file', name, bytes),
  importMedia: (paths) => ipcRenderer.invoke('clipwright:import-media', paths),
  importTimeline: (file) => ipcRenderer.invoke('clipwright:import-timeline', file),
  loadSettings: () => ipcRenderer.invoke('clipwright:load-settings'),
  saveSettings: (s) => ipcRenderer.invoke('clipwright:save-settings', s),
});
