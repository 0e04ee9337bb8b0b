import type Redis from 'ioredis';
import { ClipwrightError, ErrorCode } from '@app/core';

export const CANCEL_CHANNEL = 'job-cancel';

/**
 * Redis pub/sub for "stop this job now": the API publishes, every worker listens and aborts the
 * render it runs for that id (ffmpeg and espeak-ng are killed through the AbortSignal). A worker
 * that misses the message still stops: the row's guarded UPDATEs refuse a cancelled job.
 */
export class CancelChannel {
  readonly channel: string;

  constructor(
    private readonly publisher: Pick<Redis, 'publish'>,
    private readonly subscriber?: Pick<Redis, 'subscribe' | 'on' | 'quit' | 'status' | 'disconnect'>,
    prefix = 'clipwright',
  ) {
    this.channel = `${prefix}:${CANCEL_CHANNEL}`;
  }

  /** Closes the subscriber connection (the publisher belongs to whoever passed it in). */
  async close(): Promise<void> {
    if (this.subscriber && this.subscriber.status !== 'wait') this.subscriber.disconnect();
  }

  async publish(jobId: string): Promise<void> {
    await this.publisher.publish(this.channel, jobId);
  }

  async listen(onCancel: (jobId: string) => void): Promise<void> {
    if (!this.subscriber)
      throw new ClipwrightError(ErrorCode.Internal, 'CancelChannel was made without a subscriber connection');
    this.subscriber.on('message', (channel: string, message: string) => {
      if (channel === this.channel) onCancel(message);
    });
    await this.subscriber.subscribe(this.channel);
  }
}
