// Lumicello Insights service worker. The server fills in VERSION and ASSETS for each
// build, so a deploy installs a new worker, which caches the new files and deletes the
// old ones: a page never meets code from another build.
//   - Pages (navigations): the network first; offline, the copy kept of that page, else
//     the start page, else the offline page.
//   - The site's files (wasm, JS, CSS, fonts, icons): from this version's cache.
//   - Server functions (/api/…) and exports: never touched, never cached.
const VERSION = '__VERSION__';
const ASSETS = __ASSETS__;
const CACHE = `lumicello-${VERSION}`;

self.addEventListener('install', (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    await cache.addAll(ASSETS);
    // The start page, so the app opens offline even if it was never visited with this
    // worker in control.
    try {
      const home = await fetch('/', { credentials: 'same-origin' });
      if (home.ok) await cache.put('/', home);
    } catch { /* offline while installing: the next visit keeps a copy */ }
    await self.skipWaiting();
  })());
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    for (const key of await caches.keys()) {
      if (key !== CACHE) await caches.delete(key);
    }
    await self.clients.claim();
  })());
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== 'GET' || url.origin !== self.location.origin) return;
  if (url.pathname.startsWith('/api/') || url.pathname.startsWith('/admin/export')) return;
  if (request.mode === 'navigate') {
    event.respondWith(page(request, url));
  } else if (ASSETS.includes(url.pathname)) {
    event.respondWith(asset(request));
  }
});

async function page(request, url) {
  const cache = await caches.open(CACHE);
  try {
    const response = await fetch(request);
    // Keep the last good copy of plain pages (a query makes a page say something else).
    if (response.ok && !url.search) await cache.put(url.pathname, response.clone());
    return response;
  } catch {
    if (url.search && url.pathname === '/') return Response.redirect('/', 302);
    const kept = url.search ? undefined : await cache.match(url.pathname);
    return kept ?? (await cache.match('/offline.html')) ?? new Response('Offline', { status: 503 });
  }
}

async function asset(request) {
  const cache = await caches.open(CACHE);
  const kept = await cache.match(request, { ignoreSearch: true });
  if (kept) return kept;
  const response = await fetch(request);
  if (response.ok) await cache.put(request, response.clone());
  return response;
}
