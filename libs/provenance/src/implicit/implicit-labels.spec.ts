import { deflateSync } from 'node:zlib';
import { ClipwrightError } from '@app/core';
import {
  aigcJson,
  buildImplicitLabels,
  DIGITAL_SOURCE_TYPE,
  digitalSourceTypeFor,
  ImplicitLabelInput,
  parseAigcJson,
} from './implicit-labels';
import {
  readBoxes,
  readMp4MetadataTags,
  readMp4Xmp,
  readTopLevelBoxes,
  setMp4Xmp,
  XMP_UUID,
} from './mp4-boxes';
import { LABEL_MOVFLAGS, mp4LabelMetadataArgs, mp4LabelRemuxArgs } from './mp4-metadata.args';
import { readPngChunks, readPngMetadata, setPngMetadata } from './png-metadata';
import { buildXmpPacket, readXmpLabels, xmlEscape } from './xmp';

const INPUT: ImplicitLabelInput = {
  contentId: '0190f3a2-7c4e-7b1a-9d2e-3f4a5b6c7d8e',
  workspace: '新闻部 "newsroom" <A&B>',
  generator: { name: 'Clipwright', version: '0.1.0' },
  digitalSourceType: DIGITAL_SOURCE_TYPE.trainedAlgorithmicMedia,
  aigc: true,
  createdAt: new Date('2025-09-01T08:00:00.000Z'),
};

describe('implicit labels', () => {
  it('fills the GB 45438 AIGC field: Label 1, provider and workspace, the job id', () => {
    const labels = buildImplicitLabels(INPUT);
    expect(aigcJson(labels.aigc!)).toBe(
      '{"Label":"1","ContentProducer":"Clipwright (新闻部 \\"newsroom\\" <A&B>)","ProduceID":"0190f3a2-7c4e-7b1a-9d2e-3f4a5b6c7d8e",' +
        '"ReservedCode1":"","ContentPropagator":"","PropagateID":"","ReservedCode2":""}',
    );
    expect(
      buildImplicitLabels({ ...INPUT, providerCode: '001191110108MA01KP2T5U00000' }).aigc!.ContentProducer,
    ).toBe('001191110108MA01KP2T5U00000');
    expect(buildImplicitLabels({ ...INPUT, aigc: false }).aigc).toBeNull();
  });

  it('reads AIGC back bare or wrapped, and refuses what is not a label', () => {
    const json = aigcJson(buildImplicitLabels(INPUT).aigc!);
    expect(parseAigcJson(json)?.ProduceID).toBe(INPUT.contentId);
    expect(parseAigcJson(`{"AIGC":${json}}`)?.Label).toBe('1');
    expect(parseAigcJson('{"Label":"1"}')?.ContentProducer).toBe('');
    expect(parseAigcJson('not json')).toBeNull();
    expect(parseAigcJson('{"label":"1"}')).toBeNull();
  });

  it('says composite when captured photos or footage are in the picture', () => {
    expect(digitalSourceTypeFor(true)).toBe(
      'http://cv.iptc.org/newscodes/digitalsourcetype/compositeWithTrainedAlgorithmicMedia',
    );
    expect(digitalSourceTypeFor(false)).toBe(
      'http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia',
    );
  });

  it('builds the MP4 -metadata arguments', () => {
    const labels = buildImplicitLabels({ ...INPUT, workspace: 'newsroom' });
    expect(mp4LabelMetadataArgs(labels).join(' ')).toBe(
      '-metadata AIGC={"Label":"1","ContentProducer":"Clipwright (newsroom)","ProduceID":"0190f3a2-7c4e-7b1a-9d2e-3f4a5b6c7d8e",' +
        '"ReservedCode1":"","ContentPropagator":"","PropagateID":"","ReservedCode2":""} ' +
        '-metadata comment=AI-generated: made by Clipwright 0.1.0 for workspace newsroom, job 0190f3a2-7c4e-7b1a-9d2e-3f4a5b6c7d8e',
    );
    expect(mp4LabelMetadataArgs(buildImplicitLabels({ ...INPUT, workspace: 'ws', aigc: false }))).toEqual([
      '-metadata',
      'comment=AI-generated: made by Clipwright 0.1.0 for workspace ws, job 0190f3a2-7c4e-7b1a-9d2e-3f4a5b6c7d8e',
    ]);
    expect(LABEL_MOVFLAGS).toBe('+use_metadata_tags');
  });

  it('builds a stream-copy pass that keeps every stream and tag', () => {
    const labels = buildImplicitLabels({ ...INPUT, workspace: 'ws', aigc: false });
    expect(mp4LabelRemuxArgs('in.mp4', '.out.tmp', labels).join(' ')).toBe(
      '-hide_banner -nostdin -v error -i in.mp4 -map 0 -c copy -map_metadata 0 -movflags +faststart+use_metadata_tags ' +
        '-metadata comment=AI-generated: made by Clipwright 0.1.0 for workspace ws, job 0190f3a2-7c4e-7b1a-9d2e-3f4a5b6c7d8e ' +
        '-f mp4 -y .out.tmp',
    );
  });

  it('keeps tag values on one line', () => {
    const labels = buildImplicitLabels({ ...INPUT, workspace: 'line\nbreak\u0000\u202etab\t' });
    expect(labels.workspace).toBe('line break tab');
  });
});

describe('XMP', () => {
  it('writes DigitalSourceType, the AIGC string and the provider, escaped, and reads them back', () => {
    const labels = buildImplicitLabels(INPUT);
    const packet = buildXmpPacket(labels);
    expect(packet).toContain(
      'Iptc4xmpExt:DigitalSourceType="http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia"',
    );
    expect(packet).toContain('xmlns:TC260="http://www.tc260.org.cn/ns/AIGC/1.0/"');
    expect(packet).toContain('&quot;newsroom&quot; &lt;A&amp;B&gt;');
    expect(packet.startsWith('<?xpacket begin="\uFEFF" id="W5M0MpCehiHzreSzNTczkc9d"?>')).toBe(true);
    const read = readXmpLabels(packet);
    expect(read.digitalSourceType).toBe(DIGITAL_SOURCE_TYPE.trainedAlgorithmicMedia);
    expect(read.aigc).toEqual(labels.aigc);
    expect(read.creatorTool).toBe('Clipwright 0.1.0');
    expect(readXmpLabels(buildXmpPacket({ ...labels, aigc: null })).aigc).toBeUndefined();
  });

  it('reads another tool’s prefixes and the element form', () => {
    const other = `<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
      <rdf:Description rdf:about="" xmlns:iptcExt="http://iptc.org/std/Iptc4xmpExt/2008-02-29/">
        <iptcExt:DigitalSourceType>http://cv.iptc.org/newscodes/digitalsourcetype/compositeWithTrainedAlgorithmicMedia</iptcExt:DigitalSourceType>
      </rdf:Description></rdf:RDF></x:xmpmeta>`;
    expect(readXmpLabels(other).digitalSourceType).toBe(
      DIGITAL_SOURCE_TYPE.compositeWithTrainedAlgorithmicMedia,
    );
    // Same local name in another namespace is not ours.
    expect(readXmpLabels(other.replace(/2008-02-29/g, 'other')).digitalSourceType).toBeUndefined();
  });

  it('refuses packets with a DTD and survives garbage', () => {
    expect(readXmpLabels('<!DOCTYPE x [<!ENTITY a "b">]><x:xmpmeta/>')).toEqual({});
    expect(readXmpLabels('<<<not xml')).toEqual({});
  });

  it('drops characters XML cannot hold', () => {
    expect(xmlEscape('a\u0001b\ud800c\uFFFEd"\n')).toBe('abcd&quot;&#xA;');
  });
});

/** A box: 32-bit size, type, payload. */
function box(type: string, ...payload: Buffer[]): Buffer {
  const body = Buffer.concat(payload);
  const head = Buffer.alloc(8);
  head.writeUInt32BE(8 + body.length, 0);
  head.write(type, 4, 'latin1');
  return Buffer.concat([head, body]);
}
const u32 = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n, 0);
  return b;
};

/** ftyp, moov with udta/meta(keys+ilst) as ffmpeg writes them, mdat. */
function tinyMp4(tags: Record<string, string>): Buffer {
  const names = Object.keys(tags);
  const keys = box('keys', u32(0), u32(names.length), ...names.map((n) => box('mdta', Buffer.from(n))));
  // An ilst item's type is the 1-based index of its key.
  const item = (index: number, value: string) => {
    const data = box('data', u32(1), u32(0), Buffer.from(value));
    return Buffer.concat([u32(8 + data.length), u32(index), data]);
  };
  const ilst = box('ilst', ...names.map((n, i) => item(i + 1, tags[n])));
  const hdlr = box('hdlr', Buffer.alloc(8), Buffer.from('mdta'), Buffer.alloc(13));
  const meta = box('meta', u32(0), hdlr, keys, ilst);
  return Buffer.concat([
    box('ftyp', Buffer.from('isom'), u32(512), Buffer.from('isomiso2')),
    box('moov', box('udta', meta)),
    box('mdat', Buffer.from('frames')),
  ]);
}

describe('MP4 boxes', () => {
  it('reads the mdta tags ffmpeg writes with use_metadata_tags', () => {
    expect(readMp4MetadataTags(tinyMp4({ AIGC: '{"Label":"1"}', comment: 'AI-generated 生成' }))).toEqual({
      AIGC: '{"Label":"1"}',
      comment: 'AI-generated 生成',
    });
  });

  it('appends the XMP box after the media, and replaces an earlier one with free space', () => {
    const mp4 = tinyMp4({});
    const once = setMp4Xmp(mp4, 'first packet');
    expect(once.subarray(0, mp4.length).equals(mp4)).toBe(true);
    expect(readMp4Xmp(once)).toBe('first packet');
    const twice = setMp4Xmp(once, 'second packet');
    const top = readTopLevelBoxes(twice).map((b) => (b.uuid === XMP_UUID ? 'xmp' : b.type));
    expect(top).toEqual(['ftyp', 'moov', 'mdat', 'free', 'xmp']);
    expect(readMp4Xmp(twice)).toBe('second packet');
    // Nothing before the old box moved: sample offsets stay valid.
    expect(twice.subarray(0, readBoxes(twice)[3].offset).equals(mp4)).toBe(true);
  });

  it('refuses what is not an MP4, or a box running past the end', () => {
    expect(() => setMp4Xmp(Buffer.from('GIF89a...'), 'x')).toThrow(ClipwrightError);
    const cut = tinyMp4({}).subarray(0, 40);
    expect(() => readTopLevelBoxes(cut)).toThrow('has size');
  });
});

function tinyPng(): Buffer {
  const crcChunk = (type: string, data: Buffer) => {
    const { crc32 } = jest.requireActual<typeof import('node:zlib')>('node:zlib');
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    return Buffer.concat([u32(data.length), body, u32(crc32(body))]);
  };
  const ihdr = Buffer.concat([u32(1), u32(1), Buffer.from([8, 6, 0, 0, 0])]);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    crcChunk('IHDR', ihdr),
    crcChunk('IDAT', deflateSync(Buffer.from([0, 255, 0, 0, 128]))),
    crcChunk('IEND', Buffer.alloc(0)),
  ]);
}

describe('PNG chunks', () => {
  it('writes XMP as iTXt and AIGC as ASCII tEXt after IHDR, once each', () => {
    const aigc = aigcJson(buildImplicitLabels(INPUT).aigc!);
    const png = setPngMetadata(setPngMetadata(tinyPng(), { xmp: 'old', aigc: '{}' }), {
      xmp: '<x>ü</x>',
      aigc,
    });
    const chunks = readPngChunks(png);
    expect(chunks.map((c) => c.type)).toEqual(['IHDR', 'iTXt', 'tEXt', 'IDAT', 'IEND']);
    expect(chunks[2].data.every((b) => b < 0x80)).toBe(true);
    const read = readPngMetadata(png);
    expect(read.xmp).toBe('<x>ü</x>');
    expect(parseAigcJson(read.aigc!)?.ContentProducer).toBe('Clipwright (新闻部 "newsroom" <A&B>)');
  });

  it('refuses a PNG with a broken chunk', () => {
    const png = tinyPng();
    png[png.length - 20] ^= 0xff;
    expect(() => setPngMetadata(png, { xmp: 'x' })).toThrow('bad CRC');
  });
});
