/**
 * The NRCS plug-in page in a real browser (Debian's chromium through playwright-core): a host page
 * plays the newsroom system, embeds the gateway's page in an iframe, answers its ncsReqAppInfo and
 * records what it posts. The journalist picks news-brief, fills the fields (Chinese and markup
 * included) and adds the item: the ncsItem XML it posts is one the gateway accepts as it is.
 */
import { promises as fs } from 'node:fs';
import { createServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { xml2js } from '@mos-connection/connector';
import { BrowserContext, chromium } from 'playwright-core';
import { parseClipSpec } from '../src/clip/clip-payload';
import { itemFromMos } from '../src/running-order/ro-model';
import { MosModel } from '@mos-connection/connector';
import { mosTypes, s128 } from './gateway.testing';
import {
  GATEWAY_ID,
  gatewayEnv,
  GatewayProcess,
  NCS_ID,
  portTriples,
  Service,
  startGateway,
  startService,
} from './gateway.testing';

jest.setTimeout(180_000);

let service: Service;
let gateway: GatewayProcess;
let host: Server;
let hostUrl: string;
let browser: BrowserContext;
let profileDir: string;

beforeAll(async () => {
  const [g, n] = await portTriples(2);
  service = await startService({ worker: false });
  gateway = await startGateway(await gatewayEnv(service, g, { id: NCS_ID, ports: n }));
  // The NCS's page: another origin than the gateway, as in a newsroom system.
  host = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(`<!doctype html><html><body>
      <iframe id="plugin" src="${gateway.httpUrl}/plugin/" width="600" height="700"></iframe>
      <script>
        window.received = [];
        window.addEventListener('message', (e) => {
          window.received.push(e.data);
          if (String(e.data).includes('<ncsReqAppInfo')) {
            e.source.postMessage('<mos><ncsAppInfo><ncsID>${NCS_ID}</ncsID><mosID>${GATEWAY_ID}</mosID></ncsAppInfo></mos>', '*');
          }
        });
      </script></body></html>`);
  });
  await new Promise<void>((r) => host.listen(0, '127.0.0.1', () => r()));
  hostUrl = `http://localhost:${(host.address() as AddressInfo).port}/`;
  profileDir = await fs.mkdtemp(path.join(os.tmpdir(), 'mos-chromium-'));
  // A fresh profile folder per run (playwright passes it to chromium as --user-data-dir).
  browser = await chromium.launchPersistentContext(profileDir, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
});

afterAll(async () => {
  await browser?.close();
  await new Promise((r) => host?.close(r));
  await gateway?.proc.stop();
  await service?.stop();
  if (profileDir) await fs.rm(profileDir, { recursive: true, force: true });
});

it('lets a journalist fill a news-brief and posts an ncsItem the gateway accepts', async () => {
  const page = await browser.newPage();
  await page.goto(hostUrl);
  const frame = page.frameLocator('#plugin');
  await frame.locator('body[data-ready="true"]').waitFor();
  await frame
    .locator('#status')
    .filter({ hasText: `Connected to ${NCS_ID}` })
    .waitFor();
  await frame.locator('#template').selectOption('news-brief');

  // A missing required field is caught in the page, before anything goes to the NCS.
  await frame.locator('#send').click();
  await frame.locator('#error').filter({ hasText: 'Magnitude is required' }).waitFor();

  await frame.locator('#slug').fill('地震 <b>Taiwan</b> & "Hualien"');
  await frame.locator('[data-field="mag"]').fill('5.8');
  await frame.locator('[data-field="place"]').fill('38 km SW of 花蓮市 <Hualien> & co');
  await frame.locator('[data-field="time"]').fill('2025-11-21T05:42:00Z');
  await frame.locator('[data-field="lat"]').fill('23.77');
  await frame.locator('[data-field="lon"]').fill('121.34');
  await frame.locator('[data-field="alert"]').selectOption('yellow');
  await frame.locator('#send').click();
  await frame.locator('#status').filter({ hasText: 'Item added to the story.' }).waitFor();

  // The page's code runs in the browser: given as strings (this project compiles without DOM types).
  const received = (await page.evaluate('window.received')) as string[];
  expect(received[0]).toBe('<mos><ncsReqAppInfo/></mos>');
  const xml = received.find((m) => m.includes('<ncsItem>')) as string;
  const parsed = xml2js(xml) as { mos: { ncsItem: { item: unknown } } };
  const mosItem = MosModel.XMLMosItem.fromXML(parsed.mos.ncsItem.item as never, false);
  // The NCS gives the item its itemID when it places it in the story.
  expect(mosTypes.mosString128.stringify(mosItem.ID)).toBe('');
  const doc = itemFromMos({ ...mosItem, ID: s128('I-NCS-1') });
  expect(doc.mosId).toBe(GATEWAY_ID);
  expect(doc.objId).toMatch(/^CW-[0-9a-f-]{36}$/);
  expect(parseClipSpec(doc.meta)).toEqual({
    template: 'news-brief',
    aspect: null,
    slug: '地震 <b>Taiwan</b> & "Hualien"',
    fields: {
      mag: 5.8,
      place: '38 km SW of 花蓮市 <Hualien> & co',
      time: Date.parse('2025-11-21T05:42:00Z'),
      lat: 23.77,
      lon: 121.34,
      alert: 'yellow',
    },
  });

  // The NCS asks for the item (ncsItemRequest): the page answers with it again.
  const before = received.length;
  await page.evaluate(
    `document.getElementById('plugin').contentWindow.postMessage('<mos><ncsItemRequest/></mos>', '*')`,
  );
  await page.waitForFunction(`window.received.length > ${before}`);
  const again = ((await page.evaluate('window.received')) as string[]).slice(before);
  expect(again[0]).toContain('<ncsItem>');
  await page.close();
});
