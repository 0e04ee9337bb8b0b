import { Licence } from './licence';

/** Whether a voice or presenter reproduces a real person (a photo, a video, a cloned voice). */
export type Likeness = 'synthetic' | 'real-person';

/** The kinds of thing a job uses that carry a licence. */
export type RightsKind = 'template' | 'voice' | 'presenter' | 'model' | 'image' | 'footage' | 'music';

/** One thing a job will use, with the licence it comes under. */
export interface RightsItem {
  kind: RightsKind;
  id: string;
  name?: string;
  /** What it does in the job, e.g. "lip-sync" for the model behind a presenter. */
  role?: string;
  licence: Licence;
  /** Voices and presenters: a real person's likeness needs a consent record. */
  likeness?: Likeness;
}

/**
 * A person's consent to their likeness being used: who, for which presenters and voices, whether
 * commercially, until when, and where the signed release is kept. Records are per workspace.
 */
export interface ConsentRecord {
  id: string;
  workspaceId: string;
  /** The person, as named in the evidence. */
  subject: string;
  scope: {
    presenterIds: string[];
    voiceIds: string[];
    /** The release allows commercial use (a workspace flagged commercial needs this). */
    commercial: boolean;
  };
  /** When the consent starts to apply. */
  grantedAt: Date;
  /** Null: no end date. */
  expiresAt: Date | null;
  revokedAt: Date | null;
  /** Where the signed release is kept (an asset id, a storage key or a document reference) and its digest. */
  evidence: { ref: string; sha256?: string };
  createdAt: Date;
}

/** A workspace's provenance settings: its commercial flag and its default label profile. */
export interface WorkspaceRightsSettings {
  workspaceId: string;
  /** The workspace publishes commercially: non-commercial licences and consents are refused. */
  commercial: boolean;
  /** A built-in profile id or a custom profile object (see `parseLabelProfile`). */
  labelProfile: unknown;
  /** The operator's registered provider code for GB 45438's ContentProducer, if it has one. */
  providerCode?: string;
}

/** What was used and under which licence: for result.json and the C2PA rights assertion. */
export interface RightsReport {
  workspaceCommercial: boolean;
  /** ISO 8601: when the check ran. */
  checkedAt: string;
  used: (RightsItem & {
    /** The consent record that covers a real person's likeness (its id; the evidence stays private). */
    consent?: { recordId: string; subject: string; expiresAt: string | null; commercial: boolean };
  })[];
}

/** Why a job may not run. `code` is the stable error code; `kind` and `id` name the presenter or voice. */
export interface RightsRefusal {
  code: 'CONSENT_REQUIRED' | 'LICENCE_FORBIDS_USE';
  kind: RightsKind;
  id: string;
  name?: string;
  reason:
    | 'no-consent'
    | 'consent-expired'
    | 'consent-revoked'
    | 'consent-not-yet-valid'
    | 'consent-not-commercial'
    | 'licence-non-commercial'
    | 'licence-unknown';
  message: string;
}

export type RightsDecision = { ok: true; report: RightsReport } | { ok: false; refusal: RightsRefusal };
