import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { Command, Option } from 'commander';
import { ClipwrightError, ErrorCode, produceAtomic } from '@app/core';
import { createDevCertificates, DevKeyAlg, SIGNING_ENV } from '@app/provenance';

export interface CertsIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

export const DEFAULT_CERTS_DIR = path.join('.clipwright', 'dev-certs');

const WARNING = `
!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!
!!  DEVELOPMENT CERTIFICATES: FOR TESTING ONLY. DO NOT SIGN PUBLISHED CONTENT.     !!
!!  Clipwright made this CA itself. Content credentials signed with it validate,    !!
!!  but no C2PA trust list holds it: viewers will show the signer as untrusted.     !!
!!  In production use a signing certificate from a CA on the C2PA trust list        !!
!!  (docs/provenance.md, "Signing keys in production").                            !!
!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!
`;

/** A path as one POSIX shell word. */
function shellWord(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/**
 * `clipwright certs init [--out dir]`: a development CA and a C2PA signing certificate and key,
 * written as ca.pem (the trust anchor for `verify --trust`), chain.pem and signer.key (mode 600).
 * Existing files are kept unless --force. stdout carries only `export` lines, so
 * `eval "$(clipwright certs init)"` configures the shell; the warning goes to stderr.
 */
export function registerCertsCommand(program: Command, io: CertsIo): Command {
  const certs = program.command('certs').description('Signing certificates for content credentials (C2PA)');
  certs
    .command('init')
    .description('Make a development CA and signing certificate: FOR TESTING ONLY')
    .option('-o, --out <dir>', 'where to write ca.pem, chain.pem and signer.key', DEFAULT_CERTS_DIR)
    .addOption(new Option('--alg <alg>', 'key algorithm').choices(['es256', 'ed25519']).default('es256'))
    .option('--force', 'replace files that exist')
    .action(async (opts: { out: string; alg: DevKeyAlg; force?: boolean }) => {
      const dir = path.resolve(opts.out);
      const files = {
        ca: path.join(dir, 'ca.pem'),
        chain: path.join(dir, 'chain.pem'),
        key: path.join(dir, 'signer.key'),
      };
      if (!opts.force) {
        for (const file of Object.values(files)) {
          if (await fs.stat(file).catch(() => undefined)) {
            throw new ClipwrightError(
              ErrorCode.InvalidArgument,
              `${file} exists; pass --force to replace it`,
              {
                path: '--out',
              },
            );
          }
        }
      }
      const made = await createDevCertificates({ alg: opts.alg });
      await fs.mkdir(dir, { recursive: true });
      const write = (file: string, text: string, mode: number) =>
        produceAtomic(file, (tmp) => fs.writeFile(tmp, text, { mode }));
      await write(files.ca, made.caPem, 0o644);
      await write(files.chain, made.chainPem, 0o644);
      await write(files.key, made.keyPem, 0o600);
      io.stderr(WARNING);
      io.stderr(
        `wrote ${files.ca} (trust anchor), ${files.chain} (certificate chain), ${files.key} (${made.alg} key)\n` +
          `verify what they sign with: clipwright verify <file> --trust ${files.ca}\n`,
      );
      io.stdout(
        `export ${SIGNING_ENV.key}=${shellWord(files.key)}\n` +
          `export ${SIGNING_ENV.chain}=${shellWord(files.chain)}\n` +
          `export ${SIGNING_ENV.trustAnchors}=${shellWord(files.ca)}\n`,
      );
    });
  return certs;
}
