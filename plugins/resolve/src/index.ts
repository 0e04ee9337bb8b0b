/** panel.js: the panel UI and the Resolve adapter, as the global `ClipwrightPanel` (host.js mounts it). */
export { mountPanel } from '../../panel/src/panel';
export { resolveHost } from './resolve.host';
