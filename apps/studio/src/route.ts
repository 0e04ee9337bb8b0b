import { useEffect, useState } from 'react';

/** The studio's pages, addressed by the URL hash so a reload or a shared link opens the same page. */
export type Route =
  | { page: 'gallery' }
  | { page: 'template'; id: string }
  | { page: 'jobs'; batch?: string }
  | { page: 'job'; id: string }
  | { page: 'brand' };

export function parseRoute(hash: string): Route {
  const [, page, id] = hash.replace(/^#/, '').split('/');
  if (page === 'template' && id) return { page: 'template', id: decodeURIComponent(id) };
  if (page === 'jobs') return id ? { page: 'jobs', batch: decodeURIComponent(id) } : { page: 'jobs' };
  if (page === 'job' && id) return { page: 'job', id: decodeURIComponent(id) };
  if (page === 'brand') return { page: 'brand' };
  return { page: 'gallery' };
}

export function href(route: Route): string {
  switch (route.page) {
    case 'gallery':
      return '#/';
    case 'template':
      return `#/template/${encodeURIComponent(route.id)}`;
    case 'jobs':
      return route.batch ? `#/jobs/${encodeURIComponent(route.batch)}` : '#/jobs';
    case 'job':
      return `#/job/${encodeURIComponent(route.id)}`;
    case 'brand':
      return '#/brand';
  }
}

export function go(route: Route): void {
  location.hash = href(route);
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(location.hash));
  useEffect(() => {
    const on = () => setRoute(parseRoute(location.hash));
    window.addEventListener('hashchange', on);
    return () => window.removeEventListener('hashchange', on);
  }, []);
  return route;
}
