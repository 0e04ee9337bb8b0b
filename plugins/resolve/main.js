// DaVinci Resolve Workflow Integration plugin, main process (Electron). Resolve starts this file
// (manifest.xml <FilePath>); it opens the panel window and answers the panel's host calls through
// IPC: writing downloaded files, importing them with Resolve's scripting API (MediaPool.ImportMedia,
// MediaPool.ImportTimelineFromFile), and keeping the server and the key (encrypted with safeStorage).
'use strict';
const { app, BrowserWindow, ipcMain, safeStorage, shell } = require('electron');
const { Buffer } = require('node:buffer');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const PLUGIN_ID = 'com.clipwright.resolve';
// Resolve ships this module with its Workflow Integration samples; the README says where to copy it from.
const WorkflowIntegration = require('./WorkflowIntegration.node');

let resolve;
async function currentProject() {
  if (!resolve) {
    if (!(await WorkflowIntegration.Initialize(PLUGIN_ID))) throw new Error('Resolve refused the plugin');
    resolve = await WorkflowIntegration.GetResolve();
  }
  const project = await (await resolve.GetProjectManager()).GetCurrentProject();
  if (!project) throw new Error('Open a project in DaVinci Resolve first');
  return project;
}

const filesDir = path.join(os.tmpdir(), 'clipwright-resolve');
const settingsFile = () => path.join(app.getPath('userData'), 'clipwright.json');

ipcMain.handle('clipwright:write-file', async (_e, name, bytes) => {
  fs.mkdirSync(filesDir, { recursive: true });
  const target = path.join(filesDir, path.basename(String(name)));
  const temp = `${target}.part`;
  fs.writeFileSync(temp, Buffer.from(bytes));
  fs.renameSync(temp, target);
  return target;
});
ipcMain.handle('clipwright:import-media', async (_e, paths) => {
  const project = await currentProject();
  const pool = await project.GetMediaPool();
  const items = await pool.ImportMedia(paths);
  if (!items || items.length === 0) throw new Error('Resolve did not import the files');
  return `${items.length} item(s) imported into ${await project.GetName()}`;
});
ipcMain.handle('clipwright:import-timeline', async (_e, file) => {
  const project = await currentProject();
  const pool = await project.GetMediaPool();
  const timeline = await pool.ImportTimelineFromFile(file, { importSourceClips: true });
  if (!timeline) throw new Error('Resolve could not read the timeline file');
  return `timeline "${await timeline.GetName()}" imported`;
});
ipcMain.handle('clipwright:load-settings', async () => {
  try {
    const saved = JSON.parse(fs.readFileSync(settingsFile(), 'utf8'));
    const apiKey = saved.key ? safeStorage.decryptString(Buffer.from(saved.key, 'base64')) : '';
    return { server: saved.server, apiKey };
  } catch {
    return null;
  }
});
ipcMain.handle('clipwright:save-settings', async (_e, s) => {
  const key = safeStorage.isEncryptionAvailable()
    ? safeStorage.encryptString(s.apiKey).toString('base64')
    : '';
  const temp = `${settingsFile()}.part`;
  fs.writeFileSync(temp, JSON.stringify({ server: s.server, key }), { mode: 0o600 });
  fs.renameSync(temp, settingsFile());
});

function createWindow() {
  const win = new BrowserWindow({
    width: 420,
    height: 760,
    title: 'Clipwright',
    webPreferences: {
      preload: path.join(__dirname, 'preload.js'),
      contextIsolation: true,
      nodeIntegration: false,
      // The page is the bundled index.html only (navigation is blocked below); it calls the
      // Clipwright server the user signs in to, which sends no CORS headers for a file:// page.
      webSecurity: false,
    },
  });
  win.webContents.on('will-navigate', (e) => e.preventDefault());
  win.webContents.setWindowOpenHandler(({ url }) => {
    if (/^https:\/\//.test(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
  win.loadFile(path.join(__dirname, 'index.html'));
}

app.whenReady().then(createWindow);
app.on('window-all-closed', () => app.quit());
