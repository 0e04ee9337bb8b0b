import { pipeline, Readable } from 'node:stream';
import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { ClipwrightError, ErrorCode } from '@app/core';
import { ByteCount, checkSize, sizeMismatch } from './byte-count';
import { checkKey } from './object-key';
import { checkTtl, ObjectNotFoundError, ObjectStat, ObjectStorage, PutOptions } from './object-storage.types';

export interface S3StorageConfig {
  bucket: string;
  region: string;
  /** An S3-compatible server (MinIO, R2, s3rver); absent for AWS itself. */
  endpoint?: string;
  /**
   * The endpoint put in presigned URLs: what clients on other machines reach (a public host name,
   * a CDN in front of the bucket), when `endpoint` is an internal address. Absent: `endpoint`.
   */
  publicEndpoint?: string;
  /** `http://host/bucket/key` instead of `http://bucket.host/key`: what most self-hosted servers need. */
  forcePathStyle: boolean;
  /** Absent: the SDK's default chain (environment, instance role, IRSA). */
  credentials?: { accessKeyId: string; secretAccessKey: string };
  /** Multipart part size; S3 wants at least 5 MiB for every part but the last. */
  partSizeBytes?: number;
  /** Parts in flight at once; memory use is about partSize x queueSize. */
  queueSize?: number;
}

const DEFAULT_PART_SIZE = 8 * 1024 * 1024;
const MIN_PART_SIZE = 5 * 1024 * 1024;

function isNotFound(e: unknown): boolean {
  if (e instanceof S3ServiceException) {
    return e.name === 'NoSuchKey' || e.name === 'NotFound' || e.$metadata?.httpStatusCode === 404;
  }
  return false;
}

/** Objects in one S3 bucket, through AWS SDK v3 (v2 is out of support since 2025, docs/architecture.md). */
export class S3Storage implements ObjectStorage {
  readonly client: S3Client;
  /** Signs GET URLs for the public endpoint; signing is local (no request), so it never touches the network. */
  private readonly presigner: S3Client;
  private readonly bucket: string;
  private readonly partSize: number;
  private readonly queueSize: number;

  constructor(config: S3StorageConfig, client?: S3Client) {
    this.bucket = config.bucket;
    this.partSize = Math.max(MIN_PART_SIZE, config.partSizeBytes ?? DEFAULT_PART_SIZE);
    this.queueSize = config.queueSize ?? 4;
    this.client =
      client ??
      new S3Client({
        region: config.region,
        endpoint: config.endpoint,
        forcePathStyle: config.forcePathStyle,
        credentials: config.credentials,
        // Since early 2025 the SDK adds CRC32 checksums in an aws-chunked trailer to every upload,
        // which S3-compatible servers (s3rver, older MinIO, Ceph) reject; AWS does not require them.
        requestChecksumCalculation: 'WHEN_REQUIRED',
        responseChecksumValidation: 'WHEN_REQUIRED',
        // A storage server that accepts connections but never answers must not hold a request or
        // an upload for ever: connect within 5 s, and no socket may sit idle for 60 s.
        requestHandler: { connectionTimeout: 5000, socketTimeout: 60_000 },
      });
    this.presigner =
      config.publicEndpoint && !client
        ? new S3Client({
            region: config.region,
            endpoint: config.publicEndpoint,
            forcePathStyle: config.forcePathStyle,
            credentials: config.credentials,
          })
        : this.client;
  }

  async put(key: string, body: Buffer | Readable, opts: PutOptions): Promise<void> {
    checkKey(key);
    checkSize(opts.size, key);
    if (Buffer.isBuffer(body)) {
      if (opts.size !== undefined && body.length !== opts.size) {
        throw sizeMismatch(key, opts.size, String(body.length));
      }
      if (body.length <= this.partSize) {
        await this.client.send(
          new PutObjectCommand({
            Bucket: this.bucket,
            Key: key,
            Body: body,
            ContentType: opts.contentType,
            ContentLength: body.length,
          }),
        );
        return;
      }
    }
    // Streams and large buffers go up in parts: memory stays at partSize x queueSize whatever the
    // clip's length, and S3 shows the object only when CompleteMultipartUpload succeeds. A failed
    // body aborts the upload and removes its parts (leavePartsOnError: false).
    // pipeline (not pipe) passes a failing source on to the counter, so the upload sees the error
    // instead of waiting for bytes that never come.
    let bodyError: unknown;
    const source = Buffer.isBuffer(body)
      ? body
      : pipeline(body, new ByteCount(key, opts.size), (e) => {
          if (e) bodyError = e;
        });
    const upload = new Upload({
      client: this.client,
      params: { Bucket: this.bucket, Key: key, Body: source, ContentType: opts.contentType },
      partSize: this.partSize,
      queueSize: this.queueSize,
      leavePartsOnError: false,
    });
    try {
      await upload.done();
    } catch (e) {
      // When the body broke, that is the cause to report, not whatever the abort call answered
      // (s3rver, for one, refuses AbortMultipartUpload; a bucket lifecycle rule for incomplete
      // uploads sweeps such parts on real S3). The object is not visible either way.
      if (bodyError !== undefined && bodyError !== e) {
        if (bodyError instanceof Error && bodyError.cause === undefined) {
          Object.assign(bodyError, { cause: e });
        }
        throw bodyError;
      }
      throw e;
    }
  }

  async get(key: string): Promise<Readable> {
    checkKey(key);
    try {
      const out = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
      if (!(out.Body instanceof Readable))
        throw new ClipwrightError(ErrorCode.Internal, `S3 returned no readable body for "${key}"`, {
          path: key,
        });
      return out.Body;
    } catch (e) {
      if (isNotFound(e)) throw new ObjectNotFoundError(key, e);
      throw e;
    }
  }

  async stat(key: string): Promise<ObjectStat | null> {
    checkKey(key);
    try {
      const out = await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key }));
      return {
        key,
        size: out.ContentLength ?? 0,
        contentType: out.ContentType ?? 'application/octet-stream',
        lastModified: out.LastModified ?? new Date(0),
      };
    } catch (e) {
      if (isNotFound(e)) return null;
      throw e;
    }
  }

  async exists(key: string): Promise<boolean> {
    return (await this.stat(key)) !== null;
  }

  async delete(key: string): Promise<void> {
    checkKey(key);
    await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: key }));
  }

  /** SigV4 query signing: the URL carries its own expiry, checked by the server on every GET. */
  async signedGetUrl(key: string, ttlSeconds: number): Promise<string | null> {
    checkKey(key);
    checkTtl(ttlSeconds);
    return getSignedUrl(this.presigner, new GetObjectCommand({ Bucket: this.bucket, Key: key }), {
      expiresIn: ttlSeconds,
    });
  }
}
