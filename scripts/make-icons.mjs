// Renders the app icons (public/icons/*.png) from their SVG sources with the project's
// headless Chromium. Run after changing an SVG: node scripts/make-icons.mjs
// (needs end2end's node_modules: cd end2end && npm ci).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from '../end2end/node_modules/playwright-core/index.mjs';

const icons = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../public/icons');
// (source, size, output). Maskable and Apple icons are full-bleed squares: the platform
// rounds them; their drawing stays inside the central safe zone.
const renders = [
  ['icon.svg', 32, 'icon-32.png'],
  ['icon.svg', 192, 'icon-192.png'],
  ['icon.svg', 512, 'icon-512.png'],
  ['maskable.svg', 512, 'maskable-512.png'],
  ['maskable.svg', 180, 'apple-touch-icon.png'],
];
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu'],
});
for (const [source, size, output] of renders) {
  const page = await browser.newPage({ viewport: { width: size, height: size } });
  const svg = fs.readFileSync(path.join(icons, source), 'utf8');
  await page.setContent(`<html><body style="margin:0;background:transparent">${svg.replace('<svg ', `<svg width="${size}" height="${size}" `)}</body></html>`);
  await page.screenshot({ path: path.join(icons, output), omitBackground: true });
  await page.close();
}
await browser.close();
console.log(`rendered ${renders.length} icons into ${icons}`);
