import type { AfterPerform, Generated } from '../job.types';

/**
 * Generated pictures (b-roll, product backdrops): the diffusion engine plugs in here, before compose,
 * so every output draws the same generated still. No kind generates yet, so nothing is made.
 */
export async function generate(_job: AfterPerform): Promise<Generated> {
  return { generated: new Map() };
}
