import { useState } from 'react';
import type { ClipwrightClient } from '@app/client';
import { signIn, signOut } from '../session';
import { ErrorNote, PageTitle } from '../ui';

/** Asks for an API key (`clipwright keys create`), checks it against the API, keeps it for the session. */
export function SignInPage({ onSignedIn }: { onSignedIn: (c: ClipwrightClient) => void }) {
  const [key, setKey] = useState('');
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  return (
    <main id="main" className="narrow">
      <PageTitle>Sign in to Clipwright studio</PageTitle>
      <form
        onSubmit={async (e) => {
          e.preventDefault();
          setBusy(true);
          setError(undefined);
          const client = signIn(key.trim());
          try {
            await client.templates({ retry: false });
            onSignedIn(client);
          } catch (x) {
            signOut();
            setError(x);
          } finally {
            setBusy(false);
          }
        }}
      >
        <label htmlFor="api-key">API key</label>
        <input
          id="api-key"
          name="api-key"
          type="password"
          autoComplete="current-password"
          required
          value={key}
          onChange={(e) => setKey(e.target.value)}
          aria-describedby="api-key-help"
        />
        <p id="api-key-help" className="help">
          Your newsroom administrator makes one with <code>clipwright keys create --workspace NAME</code>. It
          is kept in this tab only.
        </p>
        <ErrorNote error={error} />
        <button type="submit" disabled={busy || key.trim() === ''}>
          {busy ? 'Checking…' : 'Sign in'}
        </button>
      </form>
    </main>
  );
}
