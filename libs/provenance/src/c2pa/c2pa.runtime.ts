import { promises as fs } from 'node:fs';
import type * as C2paWasm from '@contentauth/c2pa-wasm';

export type C2paModule = typeof C2paWasm;

const PACKAGE = '@contentauth/c2pa-wasm';

/**
 * A `Blob` for c2pa-wasm that keeps its bytes in memory. The wasm build reads blobs through the
 * browser-worker API `FileReaderSync`, which Node lacks; the shim below answers it synchronously
 * for these blobs only (they never need a real read).
 */
export class BytesBlob {
  constructor(readonly bytes: Uint8Array) {}
  get size(): number {
    return this.bytes.length;
  }
  get type(): string {
    return '';
  }
  slice(start = 0, end = this.bytes.length): BytesBlob {
    return new BytesBlob(this.bytes.subarray(start, end));
  }
  async arrayBuffer(): Promise<ArrayBuffer> {
    return this.copy();
  }
  copy(): ArrayBuffer {
    const out = new ArrayBuffer(this.bytes.length);
    new Uint8Array(out).set(this.bytes);
    return out;
  }
}

/** The slice of the File API c2pa-wasm calls; refuses anything but a {@link BytesBlob}. */
class BytesFileReaderSync {
  readAsArrayBuffer(blob: unknown): ArrayBuffer {
    if (!(blob instanceof BytesBlob))
      throw new TypeError('FileReaderSync here reads Clipwright BytesBlobs only');
    return blob.copy();
  }
}

let loading: Promise<C2paModule> | undefined;

/**
 * The c2pa-rs WebAssembly build, instantiated once per process with `initSync` from the package's
 * .wasm bytes (no network: nothing is fetched). The package is an ES module: Node >= 20.19 and
 * jest's transform `require` it; older Node 20 releases take the native `import()` path.
 */
export function loadC2pa(): Promise<C2paModule> {
  loading ??= (async () => {
    let mod: C2paModule;
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      mod = require(PACKAGE) as C2paModule;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ERR_REQUIRE_ESM') throw e;
      // A real dynamic import: TypeScript's CommonJS output would turn `import()` into `require()`.
      const nativeImport = new Function('specifier', 'return import(specifier)') as (
        s: string,
      ) => Promise<C2paModule>;
      mod = await nativeImport(PACKAGE);
    }
    const bytes = await fs.readFile(require.resolve(`${PACKAGE}/c2pa.wasm`));
    mod.initSync({ module: bytes });
    const g = globalThis as { FileReaderSync?: unknown };
    g.FileReaderSync ??= BytesFileReaderSync;
    return mod;
  })();
  loading.catch(() => (loading = undefined));
  return loading;
}

/** c2pa-wasm's `Blob` parameters, typed as the package declares them. */
export function asBlob(bytes: Uint8Array): Blob {
  return new BytesBlob(bytes) as unknown as Blob;
}
