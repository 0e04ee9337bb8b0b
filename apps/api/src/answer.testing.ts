import { toErrorResponse } from './api.error';

/** For specs: what a call throws, answered the way the HTTP layer would (status and error body). */
export async function answer(p: Promise<unknown>): Promise<ReturnType<typeof toErrorResponse>> {
  try {
    await p;
  } catch (e) {
    return toErrorResponse(e);
  }
  throw new Error('expected an error');
}
