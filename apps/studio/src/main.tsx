import { StrictMode, useState } from 'react';
import { createRoot } from 'react-dom/client';
import type { ClipwrightClient } from '@app/client';
import { BrandPage } from './pages/brand.page';
import { GalleryPage } from './pages/gallery.page';
import { JobPage } from './pages/job.page';
import { JobsPage } from './pages/jobs.page';
import { SignInPage } from './pages/sign-in.page';
import { TemplatePage } from './pages/template.page';
import { href, useRoute } from './route';
import { signOut, storedClient } from './session';

function App() {
  const [client, setClient] = useState<ClipwrightClient | null>(storedClient);
  const route = useRoute();
  if (!client) return <SignInPage onSignedIn={setClient} />;
  const nav = [
    {
      to: href({ page: 'gallery' }),
      label: 'New clip',
      on: route.page === 'gallery' || route.page === 'template',
    },
    { to: href({ page: 'jobs' }), label: 'Jobs', on: route.page === 'jobs' || route.page === 'job' },
    { to: href({ page: 'brand' }), label: 'Brand kit', on: route.page === 'brand' },
  ];
  return (
    <>
      <a className="skip" href="#main">
        Skip to content
      </a>
      <header>
        <span className="logo">Clipwright studio</span>
        <nav aria-label="Studio">
          {nav.map((n) => (
            <a key={n.to} href={n.to} aria-current={n.on ? 'page' : undefined}>
              {n.label}
            </a>
          ))}
        </nav>
        <button
          type="button"
          className="quiet"
          onClick={() => {
            signOut();
            setClient(null);
          }}
        >
          Sign out
        </button>
      </header>
      <main id="main">
        {route.page === 'gallery' && <GalleryPage client={client} />}
        {route.page === 'template' && <TemplatePage key={route.id} client={client} id={route.id} />}
        {route.page === 'jobs' && <JobsPage key={route.batch ?? ''} client={client} batch={route.batch} />}
        {route.page === 'job' && <JobPage key={route.id} client={client} id={route.id} />}
        {route.page === 'brand' && <BrandPage client={client} />}
      </main>
    </>
  );
}

createRoot(document.getElementById('root') as HTMLElement).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
