import { getMosTypes, IMOSListMachInfo, MosModel, xml2js } from '@mos-connection/connector';
import { writeDefaultActiveX } from './list-mach-info.writer';

const mosTypes = getMosTypes(false);
const s128 = (v: string) => mosTypes.mosString128.create(v);

const info = (): IMOSListMachInfo => ({
  manufacturer: s128('Clipwright'),
  model: s128('Clipwright MOS gateway'),
  hwRev: s128('n/a'),
  swRev: s128('0.1.0'),
  DOM: s128('2025-11-21'),
  SN: s128('clipwright.mos'),
  ID: s128('clipwright.mos'),
  time: mosTypes.mosTime.create(Date.UTC(2025, 10, 21)),
  mosRev: s128('2.8.5'),
  supportedProfiles: { deviceType: 'MOS', profile0: true },
  defaultActiveX: [
    {
      mode: 'CONTAINED' as never,
      controlFileLocation: 'http://gw:10580/plugin/?a=1&b=2',
      controlSlug: s128('Clipwright clip'),
      controlName: 'clipwright.plugin',
      controlDefaultParams: 'schema=http://gw:10580/schema/clipwright-item.xsd',
    },
  ],
});

function written(): string {
  const msg = new MosModel.ListMachineInfo(info(), 'lower', false);
  msg.mosID = 'clipwright.mos';
  msg.ncsID = 'ncs';
  msg.prepare(1);
  return msg.toString();
}

describe('writeDefaultActiveX', () => {
  beforeAll(() => writeDefaultActiveX());

  it('writes defaultActiveX after supportedProfiles, escaped, and the library reads it back', () => {
    const xml = written();
    expect(xml).toMatch(/<\/supportedProfiles>\s*<defaultActiveX>\s*<mode>CONTAINED<\/mode>/);
    expect(xml).toContain('<controlFileLocation>http://gw:10580/plugin/?a=1&amp;b=2</controlFileLocation>');
    const back = MosModel.XMLMosListMachInfo.fromXML(
      (xml2js(xml) as { mos: { listMachInfo: never } }).mos.listMachInfo,
      false,
    );
    expect(back.defaultActiveX).toMatchObject({
      mode: 'CONTAINED',
      controlFileLocation: 'http://gw:10580/plugin/?a=1&b=2',
      controlSlug: 'Clipwright clip',
      controlName: 'clipwright.plugin',
      controlDefaultParams: 'schema=http://gw:10580/schema/clipwright-item.xsd',
    });
  });

  it('is installed once however often it is called', () => {
    writeDefaultActiveX();
    expect(written().match(/<defaultActiveX>/g)).toHaveLength(1);
  });
});
