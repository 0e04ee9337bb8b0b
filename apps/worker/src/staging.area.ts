import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Logger } from 'pino';
import { RenderResult, writeFileAtomic } from '@app/core';

/** Who works in a staging folder: a worker process on a machine, on one run of a job. */
interface Owner {
  pid: number;
  host: string;
  workspaceId: string;
  jobId: string;
  attempt: number;
}

/** A finished render kept for upload: what the next run of the job may deliver without rendering. */
export interface KeptRender {
  dir: string;
  outDir: string;
  result: RenderResult;
  /** The run that rendered it. */
  attempt: number;
}

const OWNER = 'owner.json';
const RENDERED = 'rendered.json';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * The folders workers render in: `<root>/<jobId>-<pid>/` per job and process, holding `owner.json`
 * and, once the render is done, `rendered.json` (written atomically, last). A finished render whose
 * upload could not complete is kept, so the job's next run on this machine uploads it instead of
 * rendering again. `sweep` removes folders of dead processes and finished jobs (a SIGKILLed worker
 * leaves its folder behind: the next worker to start on the machine removes it).
 */
export class StagingArea {
  constructor(
    readonly root: string,
    private readonly logger: Logger,
    private readonly options: { keepRenderedMs: number } = { keepRenderedMs: 24 * 3600_000 },
  ) {}

  /**
   * A folder for this run of the job; when an earlier run on this machine (a process now gone, or
   * this one) left a finished render, it is adopted and returned with it.
   */
  async open(
    workspaceId: string,
    jobId: string,
    attempt: number,
  ): Promise<{ dir: string; kept: KeptRender | null }> {
    await fs.mkdir(this.root, { recursive: true });
    const dir = path.join(this.root, `${jobId}-${process.pid}`);
    let kept: KeptRender | null = null;
    for (const name of await this.folders()) {
      if (!name.startsWith(`${jobId}-`) || name === path.basename(dir)) continue;
      const owner = await this.owner(name);
      if (owner && owner.host === os.hostname() && alive(owner.pid)) continue;
      // Adopt a dead process's finished render; rename is atomic, so of two adopters one wins.
      const candidate = await this.rendered(path.join(this.root, name));
      if (candidate && !kept) {
        await fs.rm(dir, { recursive: true, force: true });
        try {
          await fs.rename(path.join(this.root, name), dir);
          kept = {
            ...candidate,
            dir,
            outDir: path.join(dir, path.relative(candidate.dir, candidate.outDir)),
          };
          continue;
        } catch {
          // Another worker adopted it first.
        }
      }
    }
    await fs.mkdir(dir, { recursive: true });
    kept ??= await this.rendered(dir);
    const owner: Owner = { pid: process.pid, host: os.hostname(), workspaceId, jobId, attempt };
    await writeFileAtomic(path.join(dir, OWNER), JSON.stringify(owner));
    return { dir, kept };
  }

  /** Marks the render in `dir` finished: from now on a later run may upload it instead of rendering. */
  async markRendered(
    dir: string,
    outDir: string,
    result: RenderResult,
    attempt: number,
  ): Promise<KeptRender> {
    const kept = { dir, outDir, result, attempt };
    await writeFileAtomic(path.join(dir, RENDERED), JSON.stringify(kept));
    return kept;
  }

  async remove(dir: string): Promise<void> {
    await fs.rm(dir, { recursive: true, force: true });
  }

  /**
   * Removes what no run will use: folders of processes that are gone (or never wrote an owner),
   * unless they hold a finished render of an unfinished job younger than `keepRenderedMs`; and any
   * folder of a finished job that is not running here. Returns the names removed.
   */
  async sweep(
    isFinished: (workspaceId: string, jobId: string) => Promise<boolean>,
    runningHere: ReadonlySet<string>,
  ): Promise<string[]> {
    const removed: string[] = [];
    for (const name of await this.folders()) {
      // `<job uuid>-<pid>`: who made it is in the name, so a folder whose owner.json is not
      // written yet (a run opening it right now) is never taken for an orphan.
      const m = /^(.{36})-(\d+)$/.exec(name);
      if (!m) continue;
      const [, jobId, pidText] = m;
      const pid = Number(pidText);
      if (pid === process.pid && runningHere.has(jobId)) continue;
      const dir = path.join(this.root, name);
      const owner = await this.owner(name);
      const sameHost = !owner || owner.host === os.hostname();
      const live = pid !== process.pid && sameHost && alive(pid);
      if (!owner && live) continue;
      const finished = owner ? await isFinished(owner.workspaceId, jobId) : true;
      let drop = finished;
      if (!drop && !live) {
        const kept = await this.rendered(dir);
        const age = Date.now() - (await fs.stat(dir)).mtimeMs;
        drop = !kept || age > this.options.keepRenderedMs;
      }
      if (!drop) continue;
      await fs.rm(dir, { recursive: true, force: true });
      removed.push(name);
    }
    if (removed.length) this.logger.info({ removed }, 'stale staging folders removed');
    return removed;
  }

  private async folders(): Promise<string[]> {
    try {
      return (await fs.readdir(this.root, { withFileTypes: true }))
        .filter((d) => d.isDirectory())
        .map((d) => d.name);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw e;
    }
  }

  private async owner(name: string): Promise<Owner | null> {
    try {
      return JSON.parse(await fs.readFile(path.join(this.root, name, OWNER), 'utf8')) as Owner;
    } catch {
      return null;
    }
  }

  private async rendered(dir: string): Promise<KeptRender | null> {
    try {
      const kept = JSON.parse(await fs.readFile(path.join(dir, RENDERED), 'utf8')) as KeptRender;
      await fs.access(kept.outDir);
      return kept;
    } catch {
      return null;
    }
  }
}
