import { writeEdl } from './edl.writer';
import { writeFcpxml } from './fcpxml.writer';
import type { TimelineExport, TimelineFormat } from './interchange.types';
import { writeMlt } from './mlt.writer';
import { writeOtio } from './otio.writer';
import { writeXmeml } from './xmeml.writer';

/** One file of a timeline export: its name beside the media folder and its text. */
export interface TimelineFile {
  name: string;
  text: string;
}

/**
 * The files of one format for one output, named from `stem` (`clip-16x9`): `.otio`; FCPXML 1.10 as
 * `.fcpxml` and 1.9 as `.v1-9.fcpxml`; `.xml` (xmeml for Premiere); `.mlt`; `.edl`.
 */
export function timelineFiles(format: TimelineFormat, stem: string, x: TimelineExport): TimelineFile[] {
  switch (format) {
    case 'otio':
      return [{ name: `${stem}.otio`, text: writeOtio(x) }];
    case 'fcpxml':
      return [
        { name: `${stem}.fcpxml`, text: writeFcpxml(x, '1.10') },
        { name: `${stem}.v1-9.fcpxml`, text: writeFcpxml(x, '1.9') },
      ];
    case 'xmeml':
      return [{ name: `${stem}.xml`, text: writeXmeml(x) }];
    case 'mlt':
      return [{ name: `${stem}.mlt`, text: writeMlt(x) }];
    case 'edl':
      return [{ name: `${stem}.edl`, text: writeEdl(x) }];
  }
}
