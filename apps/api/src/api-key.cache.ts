import { hashApiKey } from '@app/persistence';

/**
 * Keys seen lately and their workspace, so that a busy client does not cost a database lookup per
 * request. Only keys that were found are kept, by their hash, for `ttlMs`: a key revoked with
 * `clipwright keys revoke` stops working on every API process within that time. Concurrent
 * requests with one key share a single lookup.
 */
export class ApiKeyCache {
  static readonly TTL_MS = 5000;
  private readonly known = new Map<string, { workspaceId: string; at: number }>();
  private readonly pending = new Map<string, Promise<string | null>>();

  constructor(
    private readonly lookup: (key: string) => Promise<{ workspaceId: string } | null>,
    private readonly ttlMs = ApiKeyCache.TTL_MS,
    private readonly maxEntries = 10_000,
  ) {}

  /** The key's workspace, or null for an unknown or revoked key. */
  workspaceOf(key: string): Promise<string | null> {
    const hash = hashApiKey(key);
    const hit = this.known.get(hash);
    if (hit && Date.now() - hit.at < this.ttlMs) return Promise.resolve(hit.workspaceId);
    this.known.delete(hash);
    let lookup = this.pending.get(hash);
    if (!lookup) {
      lookup = this.lookup(key)
        .then((row) => {
          if (row) this.remember(hash, row.workspaceId);
          return row?.workspaceId ?? null;
        })
        .finally(() => this.pending.delete(hash));
      this.pending.set(hash, lookup);
    }
    return lookup;
  }

  private remember(hash: string, workspaceId: string): void {
    // A Map iterates in insertion order: the first key is the oldest entry.
    if (this.known.size >= this.maxEntries) this.known.delete(this.known.keys().next().value as string);
    this.known.set(hash, { workspaceId, at: Date.now() });
  }
}
