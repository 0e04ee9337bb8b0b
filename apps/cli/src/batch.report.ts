import * as path from 'node:path';
import { ClipwrightError, ErrorCode, type ErrorCode as Code, writeFileAtomic } from '@app/core';
import type { ItemOutcome } from '@app/engine';

/** `batch.json` in the output folder: one entry per item of the feed, rendered or failed. */
export interface BatchReport {
  template: string;
  data: string;
  items: {
    index: number;
    id: string | null;
    /** JSON path of the item in the data file. */
    path: string;
    status: 'done' | 'failed';
    /** The item's folder (relative to the output folder) when done. */
    out?: string;
    error?: { code: string; message: string; path?: string };
  }[];
  summary: { total: number; done: number; failed: number };
}

/** Writes batch.json (atomically) and returns it. */
export async function writeBatchReport(
  outDir: string,
  template: string,
  data: string,
  outcomes: readonly ItemOutcome[],
): Promise<BatchReport> {
  const done = outcomes.filter((o) => o.status === 'done').length;
  const report: BatchReport = {
    template,
    data,
    items: outcomes.map((o) => ({
      index: o.index,
      id: o.id,
      path: o.path,
      status: o.status,
      ...(o.status === 'done' ? { out: path.relative(outDir, o.outDir) } : {}),
      ...(o.error ? { error: o.error } : {}),
    })),
    summary: { total: outcomes.length, done, failed: outcomes.length - done },
  };
  await writeFileAtomic(path.join(outDir, 'batch.json'), JSON.stringify(report, null, 2) + '\n');
  return report;
}

/**
 * The exit code of a batch: 0 when every item rendered; 1 when an item failed for an internal reason
 * (a retry may cure it); else 2 when an item failed on its input.
 */
export function batchExitCode(outcomes: readonly ItemOutcome[]): 0 | 1 | 2 {
  const failed = outcomes.filter((o) => o.status === 'failed');
  if (failed.length === 0) return 0;
  const internal = failed.some((o) => !new ClipwrightError(o.error!.code as Code, '').isInputError);
  return internal ? 1 : 2;
}

/** A failed single item, as the error it failed with (the CLI reports it like any other). */
export function outcomeError(o: ItemOutcome): ClipwrightError {
  const e = o.error ?? { code: ErrorCode.Internal, message: 'failed' };
  return new ClipwrightError(e.code as Code, e.message, e.path ? { path: e.path } : {});
}
