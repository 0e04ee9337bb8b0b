import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Links to a clip's media that the NCS and playout can fetch without the workspace key: the path
 * names the object and the file, `sig` is an HMAC-SHA256 of both under the gateway's media secret,
 * so only holders of a mosObj (which carries the links) can fetch them.
 */
export class MediaLinks {
  constructor(
    private readonly baseUrl: string,
    private readonly secret: string,
  ) {}

  private sig(objId: string, file: string): string {
    return createHmac('sha256', this.secret).update(`${objId}\n${file}`).digest('base64url');
  }

  /** An absolute URL for `file` (clip.mp4, thumbnail.jpg) of object `objId` at `revision`. */
  url(objId: string, file: string, revision: number): string {
    return `${this.baseUrl}/media/${encodeURIComponent(objId)}/${file}?rev=${revision}&sig=${this.sig(objId, file)}`;
  }

  /** True when `sig` is the one this gateway made for (objId, file). */
  verify(objId: string, file: string, sig: string | null): boolean {
    if (!sig) return false;
    const want = Buffer.from(this.sig(objId, file));
    const got = Buffer.from(sig);
    return want.length === got.length && timingSafeEqual(want, got);
  }
}
