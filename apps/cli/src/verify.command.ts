import { promises as fs } from 'node:fs';
import { Command } from 'commander';
import { ClipwrightError, ErrorCode } from '@app/core';
import { SIGNING_ENV, VerifyReport, verifyFile } from '@app/provenance';

export interface VerifyIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

function licenceText(licence?: string, commercialUse?: boolean | null): string {
  if (!licence) return '';
  return ` (${licence}${commercialUse === false ? ', non-commercial' : commercialUse === null ? ', commercial terms unknown' : ''})`;
}

/** The report as people read it: credentials first, then the labels found in the file. */
export function formatVerifyReport(r: VerifyReport): string {
  const c = r.credentials;
  const lines: string[] = [`${r.file} (${r.format})`];
  const row = (name: string, value: string) => lines.push(`  ${name.padEnd(13)}${value}`);
  if (!c.present) {
    lines.push('Content credentials (C2PA): ABSENT (no manifest in the file)');
  } else {
    lines.push(
      `Content credentials (C2PA): ${c.valid ? 'VALID' : 'INVALID'}${c.state ? ` (c2pa-rs: ${c.state})` : ''}`,
    );
    const m = c.manifest;
    const signer = m?.signer ?? {};
    row(
      'signature',
      `${c.signature}${signer.alg ? `, ${signer.alg}` : ''}${signer.commonName ? `, signed by "${signer.commonName}"` : ''}` +
        `${signer.issuer ? `, issued by "${signer.issuer}"` : ''}${signer.time ? `, at ${signer.time}` : ''}`,
    );
    row('hard binding', c.hardBinding === 'valid' ? 'valid (the bytes are as signed)' : `${c.hardBinding}`);
    row(
      'trust',
      c.trust === 'not-checked'
        ? 'not checked (give --trust <ca.pem> or $' + SIGNING_ENV.trustAnchors + ')'
        : c.trust,
    );
    if (m) {
      row('manifest', `${m.label}${m.claimGenerator ? ` by ${m.claimGenerator}` : ''}`);
      if (m.digitalSourceType) row('source type', m.digitalSourceType);
      if (m.template) row('template', `${m.template.id} v${m.template.version}`);
      if (m.job) row('job', m.job);
      for (const model of m.models) {
        const name = model.name && model.name !== model.id ? ` "${model.name}"` : '';
        row(
          model.kind,
          `${model.id}${name}${model.role ? ` [${model.role}]` : ''}${licenceText(model.licence, model.commercialUse)}`,
        );
      }
      for (const i of m.ingredients)
        row(
          'ingredient',
          `${i.title ?? '?'} (${i.relationship ?? 'ingredient'}${i.format ? `, ${i.format}` : ''})`,
        );
      const d = m.aiDisclosure as
        | {
            labelProfile?: string;
            visibleLabel?: { text: string; start: number; end: number } | null;
            spokenDisclosure?: string | null;
          }
        | undefined;
      if (d) {
        const visible = d.visibleLabel
          ? `visible "${d.visibleLabel.text}" ${d.visibleLabel.start}-${d.visibleLabel.end} s`
          : 'no visible label';
        row(
          'disclosure',
          `profile ${d.labelProfile ?? '?'}; ${visible}; spoken: ${d.spokenDisclosure ?? 'none'}`,
        );
      }
    }
    for (const f of c.failures) row('failure', `${f.code}${f.explanation ? `: ${f.explanation}` : ''}`);
  }
  lines.push('Labels in the file:');
  const l = r.labels;
  if (l.aigc) {
    row(
      'AIGC',
      `Label=${l.aigc.Label} ContentProducer=${l.aigc.ContentProducer} ProduceID=${l.aigc.ProduceID} ` +
        `(GB 45438-2025, from ${l.aigcSource})`,
    );
  } else row('AIGC', 'none');
  row('XMP', l.xmp ? `Iptc4xmpExt:DigitalSourceType ${l.digitalSourceType ?? 'none'}` : 'no XMP packet');
  if (l.comment !== undefined) row('comment', l.comment);
  return `${lines.join('\n')}\n`;
}

/**
 * `clipwright verify <file>`: validates the file's C2PA content credentials with c2pa-rs (claim
 * signature, hard binding, and trust when anchors are given) and reads back its implicit labels.
 * Exit 0 when the signature and the hard binding validate (and, with --trust, the signer is
 * trusted); 2 when they do not (CONTENT_CREDENTIALS_INVALID) or there are none
 * (CONTENT_CREDENTIALS_MISSING).
 */
export function registerVerifyCommand(program: Command, io: VerifyIo): Command {
  return program
    .command('verify')
    .description("Validate a clip's or still's content credentials (C2PA) and show its AI labels")
    .argument('<file>', 'an MP4 or PNG made by Clipwright (or anyone)')
    .option('--trust <pem>', `CA certificates to trust (PEM); default $${SIGNING_ENV.trustAnchors}`)
    .option('--json', 'print the report as JSON on stdout')
    .action(async (file: string, opts: { trust?: string; json?: boolean }) => {
      const trustFile = opts.trust ?? process.env[SIGNING_ENV.trustAnchors];
      let trustAnchorsPem: string | undefined;
      if (trustFile) {
        try {
          trustAnchorsPem = await fs.readFile(trustFile, 'utf8');
        } catch (e) {
          throw new ClipwrightError(
            ErrorCode.InvalidArgument,
            `${trustFile} cannot be read: ${(e as Error).message}`,
            {
              path: '--trust',
            },
          );
        }
      }
      const report = await verifyFile(file, { trustAnchorsPem });
      io.stdout(opts.json ? `${JSON.stringify(report, null, 2)}\n` : formatVerifyReport(report));
      const c = report.credentials;
      if (!c.present) {
        throw new ClipwrightError(ErrorCode.ContentCredentialsMissing, `${file} has no content credentials`, {
          path: file,
        });
      }
      if (!c.valid) {
        const what = [
          c.signature !== 'valid' && 'the signature',
          c.hardBinding !== 'valid' && 'the hard binding',
        ]
          .filter(Boolean)
          .join(' and ');
        throw new ClipwrightError(
          ErrorCode.ContentCredentialsInvalid,
          `${file}: ${what || 'the manifest'} does not validate (${c.failures.map((f) => f.code).join(', ')})`,
          { path: file },
        );
      }
      if (c.trust === 'untrusted') {
        throw new ClipwrightError(
          ErrorCode.ContentCredentialsInvalid,
          `${file}: the signer is not trusted by ${trustFile}`,
          {
            path: file,
          },
        );
      }
    });
}
