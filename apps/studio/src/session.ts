import { ClipwrightClient } from '@app/client';

const KEY = 'clipwright.apiKey';

/**
 * The API key lives in sessionStorage: gone when the tab closes, never in a URL, a cookie or the
 * history. The studio is served by the API itself, so calls go to the page's own origin.
 */
export function storedClient(): ClipwrightClient | null {
  const key = sessionStorage.getItem(KEY);
  return key ? new ClipwrightClient({ baseUrl: '', apiKey: key }) : null;
}

export function signIn(key: string): ClipwrightClient {
  sessionStorage.setItem(KEY, key);
  return new ClipwrightClient({ baseUrl: '', apiKey: key });
}

export function signOut(): void {
  sessionStorage.removeItem(KEY);
}
