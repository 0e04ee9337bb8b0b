/**
 * COSE_Sign1 for C2PA claim signatures, built here because `@contentauth/c2pa-wasm`'s callback
 * signer hands over the claim and expects the finished COSE structure back (c2pa-rs "direct COSE
 * handling"). What is built is what c2pa-rs builds itself (C2PA Technical Specification 2.x,
 * "Digital Signatures"): a tagged COSE_Sign1 (RFC 9052, 4.2) with a detached payload (the claim),
 * the algorithm and the `x5chain` certificate chain (RFC 9360) in the protected header, and a `pad`
 * byte string in the unprotected header that brings it to exactly the size reserved for it.
 *
 * The CBOR is written by the small encoder below: the six item kinds COSE_Sign1 needs, in the
 * preferred (shortest) encoding of RFC 8949, 4.2.1. Its only reader is c2pa-rs, which the medium
 * tests use to validate every signature made with it.
 */

/** A CBOR tag (RFC 8949, 3.4) around a value. */
export class CborTag {
  constructor(
    readonly tag: number,
    readonly value: CborValue,
  ) {}
}

export type CborValue =
  number | string | Uint8Array | null | CborValue[] | Map<number | string, CborValue> | CborTag;

/** The initial byte and argument of an item (RFC 8949, 3): major type in the top 3 bits. */
function head(major: number, n: number): Buffer {
  if (n < 24) return Buffer.from([(major << 5) | n]);
  if (n < 0x100) return Buffer.from([(major << 5) | 24, n]);
  if (n < 0x10000) {
    const b = Buffer.alloc(3);
    b[0] = (major << 5) | 25;
    b.writeUInt16BE(n, 1);
    return b;
  }
  if (n <= 0xffffffff) {
    const b = Buffer.alloc(5);
    b[0] = (major << 5) | 26;
    b.writeUInt32BE(n, 1);
    return b;
  }
  throw new RangeError(`CBOR: ${n} is out of range here`);
}

/** Encodes a value as CBOR. Integers only (no floats): COSE_Sign1 has none. */
export function encodeCbor(value: CborValue): Buffer {
  if (value === null) return Buffer.from([0xf6]);
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value)) throw new RangeError(`CBOR: ${value} is not an integer`);
    return value >= 0 ? head(0, value) : head(1, -1 - value);
  }
  if (typeof value === 'string') {
    const bytes = Buffer.from(value, 'utf8');
    return Buffer.concat([head(3, bytes.length), bytes]);
  }
  if (value instanceof Uint8Array) return Buffer.concat([head(2, value.length), value]);
  if (Array.isArray(value)) return Buffer.concat([head(4, value.length), ...value.map(encodeCbor)]);
  if (value instanceof Map) {
    const parts = [head(5, value.size)];
    for (const [k, v] of value) parts.push(encodeCbor(k), encodeCbor(v));
    return Buffer.concat(parts);
  }
  return Buffer.concat([head(6, value.tag), encodeCbor(value.value)]);
}

/** COSE algorithm identifiers (IANA "COSE Algorithms") for the signing algorithms C2PA allows. */
export const COSE_ALG = { es256: -7, es384: -35, ed25519: -8 } as const;
export type C2paAlg = keyof typeof COSE_ALG;

const COSE_SIGN1_TAG = 18;
const HEADER_ALG = 1;
const HEADER_X5CHAIN = 33;

export interface CoseSign1Input {
  alg: C2paAlg;
  /** DER certificates, the signer's first, then its issuers. */
  chain: readonly Uint8Array[];
  /** The claim's CBOR bytes, the detached payload. */
  payload: Uint8Array;
  /** Signs the Sig_structure bytes; returns the raw signature (r||s for ECDSA, 64 bytes for Ed25519). */
  sign: (toBeSigned: Buffer) => Promise<Uint8Array> | Uint8Array;
  /** The exact size the result must have: c2pa-rs reserved this much space for it. */
  size: number;
}

/**
 * A tagged COSE_Sign1 over `payload`, padded to `size` bytes.
 * @throws RangeError when the structure cannot fit in `size`.
 */
export async function buildCoseSign1(input: CoseSign1Input): Promise<Buffer> {
  const chain = input.chain.map((c) => Buffer.from(c));
  const x5chain: CborValue = chain.length === 1 ? chain[0] : chain;
  const protectedHeader = encodeCbor(
    new Map<number, CborValue>([
      [HEADER_ALG, COSE_ALG[input.alg]],
      [HEADER_X5CHAIN, x5chain],
    ]),
  );
  // RFC 9052, 4.4: the signature covers the context, both headers' bytes, no external AAD, the payload.
  const toBeSigned = encodeCbor(['Signature1', protectedHeader, Buffer.alloc(0), Buffer.from(input.payload)]);
  const signature = Buffer.from(await input.sign(toBeSigned));
  const build = (pad: number) =>
    encodeCbor(
      new CborTag(COSE_SIGN1_TAG, [
        protectedHeader,
        new Map<string, CborValue>([['pad', Buffer.alloc(pad)]]),
        null,
        signature,
      ]),
    );
  const bare = build(0);
  if (bare.length > input.size) {
    throw new RangeError(`COSE_Sign1 needs ${bare.length} bytes; ${input.size} were reserved`);
  }
  // The pad's own length prefix grows at 24, 256 and 65536 bytes: step back until it fits exactly.
  for (let pad = input.size - bare.length; pad >= 0; pad--) {
    const out = build(pad);
    if (out.length === input.size) return out;
    if (out.length < input.size) break;
  }
  throw new RangeError(`COSE_Sign1 cannot be padded to exactly ${input.size} bytes`);
}
