// Starts what a journey needs: a fake tailscaled on a Unix socket (answers like the real
// daemon, from server/tests/fixtures/tailscale), the release server on a free port against a
// fresh PostgreSQL database, and headless Debian Chromium.
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
const fixtures = process.env.TAILSCALE_FIXTURES ?? path.resolve(root, 'server/tests/fixtures/tailscale');

/** How Debian's Chromium runs here: headless, and never calling out (this machine's
 * network is closed). */
export const chromiumArgs = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** A second loopback address: `call(..., { from: SECOND_PHONE })` comes from it, so the fake
 * tailscaled can name another device for it while the browser stays who it is. */
export const SECOND_PHONE = '127.0.0.2';

/** The machine's MagicDNS name in the HTTPS journeys. */
export const TAILNET_NAME = 'tenacity.tail4f2a1.ts.net';

/** A certificate authority made for this run (as Let's Encrypt is to tailscaled) and a
 * key pair for `TAILNET_NAME` it signed, with the openssl of the machine. */
function makeCertificates(dir) {
  const run = (...args) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  run('req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-days', '30',
    '-subj', '/CN=Lumicello test CA', '-keyout', 'ca.key', '-out', 'ca.pem');
  run('req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-subj', `/CN=${TAILNET_NAME}`,
    '-keyout', 'leaf.key', '-out', 'leaf.csr');
  fs.writeFileSync(path.join(dir, 'leaf.ext'), `subjectAltName=DNS:${TAILNET_NAME}\nextendedKeyUsage=serverAuth\n`);
  run('x509', '-req', '-in', 'leaf.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-days', '20',
    '-extfile', 'leaf.ext', '-out', 'leaf.pem');
  const read = (f) => fs.readFileSync(path.join(dir, f), 'utf8');
  return { ca: read('ca.pem'), pair: read('leaf.key') + read('leaf.pem') };
}

/** A home for Chromium whose NSS store trusts the test CA, as a phone trusts Let's
 * Encrypt: HTTPS is then a secure context for real (no flag that pretends it is). */
function trustingHome(dir, caPem) {
  const home = path.join(dir, 'home');
  const db = path.join(home, '.pki', 'nssdb');
  fs.mkdirSync(db, { recursive: true });
  fs.writeFileSync(path.join(dir, 'ca-trust.pem'), caPem);
  execFileSync('certutil', ['-d', `sql:${db}`, '-N', '--empty-password']);
  execFileSync('certutil', ['-d', `sql:${db}`, '-A', '-t', 'C,,', '-n', 'lumicello-test-ca', '-i', path.join(dir, 'ca-trust.pem')]);
  return home;
}

export function startFakeTailscaled(socketPath, certs = null) {
  // Like the real daemon, the answer depends on the caller's address (`addr=IP:port`).
  const state = { answer: 'whois-staff-iphone.json', byAddress: new Map() };
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://local-tailscaled.sock');
    const ip = (url.searchParams.get('addr') ?? '').replace(/:\d+$/, '');
    const answer = state.byAddress.has(ip) ? state.byAddress.get(ip) : state.answer;
    if (req.headers.host !== 'local-tailscaled.sock' || req.headers.origin || req.headers.referer) {
      res.writeHead(403).end('invalid localapi request');
    } else if (url.pathname === '/localapi/v0/status') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ Self: { DNSName: `${TAILNET_NAME}.` }, CertDomains: certs ? [TAILNET_NAME] : null }));
    } else if (url.pathname === `/localapi/v0/cert/${TAILNET_NAME}` && certs) {
      res.writeHead(200, { 'content-type': 'text/plain' }).end(certs.pair);
    } else if (url.pathname !== '/localapi/v0/whois') {
      res.writeHead(404).end('not found');
    } else if (answer === null) {
      res.writeHead(404).end(`no match for IP:port ${url.searchParams.get('addr')}`);
    } else {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(fs.readFileSync(path.join(fixtures, answer)));
    }
  });
  server.listen(socketPath);
  return {
    /** A fixture file name, or null for "not a tailnet peer" (404), for every caller
     * without an answer of its own. */
    answerWith(answer) { state.answer = answer; },
    /** The answer for callers from `ip` alone. */
    answerFor(ip, answer) { state.byAddress.set(ip, answer); },
    close() { server.close(); },
  };
}

async function freePort() {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

function psql(url, sql) {
  return execFileSync('psql', [url, '-v', 'ON_ERROR_STOP=1', '-tAc', sql], { encoding: 'utf8' }).trim();
}

/** This machine's first address that is not loopback (a phone on the tailnet reaches the
 * app on such an address: not a secure context, unlike 127.0.0.1), if it has one. */
export function tailnetAddress() {
  for (const nets of Object.values(os.networkInterfaces())) {
    for (const net of nets ?? []) {
      if (net.family === 'IPv4' && !net.internal) return net.address;
    }
  }
  return null;
}

/** Starts the app; `env` adds to (or overrides) the server's environment; `host` is the
 * address it listens on and is reached at (127.0.0.1 unless told). With `tls`, the app
 * serves HTTPS with the certificate the fake tailscaled hands out, and the browser
 * reaches it as a phone would: `https://<MagicDNS name>:<port>`, trusting the CA. */
export async function startApp({ env = {}, host = '127.0.0.1', tls = false } = {}) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lumicello-e2e-'));
  const socket = path.join(dir, 'tailscaled.sock');
  const certs = tls ? makeCertificates(dir) : null;
  const tailscaled = startFakeTailscaled(socket, certs);
  const adminUrl = process.env.TEST_DATABASE_URL;
  if (!adminUrl) throw new Error('TEST_DATABASE_URL must name a PostgreSQL server (see README)');
  const dbName = `lumicello_e2e_${process.pid}_${Date.now()}`;
  psql(adminUrl, `CREATE DATABASE ${dbName}`);
  const databaseUrl = adminUrl.replace(/\/[^/]*$/, `/${dbName}`);
  const port = await freePort();
  const bin = process.env.SERVER_BIN ?? path.join(root, 'dist/server');
  const siteRoot = process.env.SITE_ROOT ?? path.join(root, 'dist/site');
  const launch = () => spawn(bin, [], {
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      TAILSCALE_SOCKET: socket,
      LEPTOS_SITE_ADDR: `${host}:${port}`,
      ...(host === '127.0.0.1' ? {} : { ALLOWED_HOSTS: host }),
      LEPTOS_SITE_ROOT: siteRoot,
      LEPTOS_ENV: 'PROD',
      IDENTITY_CACHE_SECONDS: '0',
      EVENT_NAME: 'K Village 2025',
      RUST_LOG: 'warn',
      TLS: tls ? 'tailscale' : 'off',
      ...env,
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const base = tls ? `https://${TAILNET_NAME}:${port}` : `http://${host}:${port}`;
  // Up once ready (with TLS: once the certificate is served); the probe is plain HTTP
  // from this machine, as the container's health check is.
  const up = async (server) => {
    for (let i = 0; ; i++) {
      try {
        if ((await fetch(`http://${host}:${port}/ready`)).ok) return;
      } catch { /* not up yet */ }
      if (i > 150 || server.exitCode !== null) throw new Error('the server did not start');
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  let server = launch();
  await up(server);
  const browserOptions = {
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: tls ? [...chromiumArgs, `--host-resolver-rules=MAP ${TAILNET_NAME} ${host}`] : chromiumArgs,
    env: tls ? { ...process.env, HOME: trustingHome(dir, certs.ca) } : process.env,
  };
  const browser = await chromium.launch(browserOptions);
  return {
    base,
    browser,
    browserOptions,
    tls: tls ? { ca: certs.ca, host, port } : null,
    /** `GET path` from this machine as a client of the app (over HTTPS with `tls`):
     * { status, body, headers }. */
    get(pathname) {
      return request(this, 'GET', pathname, null, {});
    },
    tailscaled,
    sql: (q) => psql(databaseUrl, q),
    /** Kills the server (-9, as a crash): nothing reaches it until `start`. */
    async crash() {
      server.kill('SIGKILL');
      await new Promise((r) => (server.exitCode !== null || server.signalCode ? r() : server.once('exit', r)));
    },
    /** Starts the server again, on the same port, after `crash`. */
    async start() {
      server = launch();
      await up(server);
    },
    async restart() {
      await this.crash();
      await this.start();
    },
    async stop() {
      await browser.close();
      server.kill('SIGTERM');
      await new Promise((r) => (server.exitCode !== null ? r() : server.once('exit', r)));
      tailscaled.close();
      psql(adminUrl, `DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** One request to the app as a client on this machine: over HTTPS to the MagicDNS name
 * (trusting the test CA) when the app serves it, else plain HTTP. */
function request(app, method, pathname, body, headers, from) {
  return new Promise((resolve, reject) => {
    const options = { method, localAddress: from, headers: { ...headers } };
    if (body !== null) options.headers['content-length'] = Buffer.byteLength(body);
    let sent;
    if (app.tls) {
      Object.assign(options, { host: app.tls.host, port: app.tls.port, path: pathname, servername: TAILNET_NAME, ca: app.tls.ca });
      options.headers.host = `${TAILNET_NAME}:${app.tls.port}`;
      sent = https.request(options, receive);
    } else {
      sent = http.request(`${app.base}${pathname}`, options, receive);
    }
    function receive(response) {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk) => { text += chunk; });
      response.on('end', () => resolve({ status: response.statusCode, body: text, headers: response.headers }));
    }
    sent.on('error', reject);
    sent.end(body ?? undefined);
  });
}

/** Calls a server function the way the hydrated page does, from loopback address `from`
 * (127.0.0.1 unless told): the fake tailscaled names the device for that address. */
export function call(app, endpoint, body, { from } = {}) {
  return request(app, 'POST', `/api/${endpoint}`, body, {
    'content-type': 'application/x-www-form-urlencoded',
    'sec-fetch-site': 'same-origin',
  }, from);
}

/** A page that fails the test on any browser-side error (a broken hydration shows here). */
export async function newPage(app, options = {}) {
  const context = await app.browser.newContext({ viewport: { width: 390, height: 844 }, ...options });
  const page = await context.newPage();
  page.errors = [];
  page.on('pageerror', (e) => page.errors.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error') page.errors.push(m.text()); });
  return page;
}

export async function visitors(page) {
  return Number(await page.locator('[data-stat="visitors"] dd:first-of-type').textContent());
}

/** Goes Home and waits until the page is interactive (or just loaded, without JS). */
export async function home(app, page) {
  await page.goto(app.base + '/');
  if (await page.evaluate(() => typeof WebAssembly !== 'undefined' && document.scripts.length > 0)) {
    await page.waitForSelector('body[data-hydrated="true"]', { timeout: 15000 });
  }
}

/** "Who's selling now?" → add `name` → back Home logging as them. */
export async function startSelling(app, page, name) {
  await page.goto(app.base + '/seller');
  await page.waitForSelector('body[data-hydrated="true"]', { timeout: 15000 }).catch(() => {});
  await page.fill('[data-testid="new-seller"]', name);
  await Promise.all([page.waitForURL(/\/\?switched=1$/), page.click('text=/Add and start|เพิ่มและเริ่ม/')]);
  await page.waitForSelector(`[data-testid="seller"]:has-text("${name}")`);
}

export async function waitForCount(page, stat, n) {
  await page.waitForFunction(
    ([s, v]) => Number(document.querySelector(`[data-stat="${s}"] dd`)?.textContent.replace(/[^0-9]/g, '')) === v,
    [stat, n],
  );
}

/** Taps go through the phone's outbox, which sends in the background: a screen saying
 * "saved" may come before the row does. Polls `read` until it gives `expected` (up to 5 s),
 * then asserts it. */
export async function eventually(read, expected, message) {
  for (let i = 0; i < 50 && read() !== expected; i++) await new Promise((done) => setTimeout(done, 100));
  assert.equal(read(), expected, message);
}
