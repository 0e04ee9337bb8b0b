import { getMosTypes, IMOSDefaultActiveX, MosModel } from '@mos-connection/connector';

const mosTypes = getMosTypes(false);

interface XmlElement {
  children?: { name?: string }[];
  ele(name: string, attributes?: Record<string, string>, text?: string): XmlElement;
}

/**
 * Writes `<defaultActiveX>` into listMachInfo (MOS 2.8.5 profile 0: after `<supportedProfiles>`, one
 * per mode, each with mode, controlFileLocation, controlSlug, controlName, controlDefaultParams).
 * @mos-connection 4.1.1 reads the element from a listMachInfo but leaves it out of the ones it
 * writes, so an NCS asking reqMachInfo would never learn where the gateway's plug-in page is. The
 * library's own element is kept if a later version writes it. Idempotent.
 *
 * @throws Error when the library no longer has the ListMachineInfo message this extends.
 */
export function writeDefaultActiveX(): void {
  const proto = MosModel.ListMachineInfo?.prototype as unknown as Record<string, unknown> | undefined;
  const own = proto && Object.getOwnPropertyDescriptor(proto, 'messageXMLBlocks');
  const build = own?.get;
  if (!proto || !build)
    throw new Error(
      '@mos-connection changed: ListMachineInfo.messageXMLBlocks is gone (listMachInfo writer)',
    );
  if ((build as { clipwright?: boolean }).clipwright) return;
  const get = function (this: { info: { defaultActiveX?: IMOSDefaultActiveX[] } }): XmlElement {
    const root = build.call(this) as XmlElement;
    if ((root.children ?? []).some((c) => c.name === 'defaultActiveX')) return root;
    for (const a of this.info.defaultActiveX ?? []) {
      const el = root.ele('defaultActiveX');
      el.ele('mode', {}, String(a.mode));
      el.ele('controlFileLocation', {}, a.controlFileLocation);
      el.ele('controlSlug', {}, mosTypes.mosString128.stringify(a.controlSlug));
      el.ele('controlName', {}, a.controlName);
      el.ele('controlDefaultParams', {}, a.controlDefaultParams);
    }
    return root;
  };
  Object.defineProperty(get, 'clipwright', { value: true });
  Object.defineProperty(proto, 'messageXMLBlocks', { ...own, get });
}
