/** panel.js: the panel UI and the Premiere Pro adapter, as the global `ClipwrightPanel` (host.js mounts it). */
export { mountPanel } from '../../panel/src/panel';
export { premiereHost } from './premiere.host';
