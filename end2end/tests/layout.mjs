// What a person sees, checked in the page itself: nothing wider than the screen, no text
// cut off by its box (or its chart), tap targets of at least 44 × 44 px on a phone, no
// template or program text, and no overlay that lets the page beneath show through.
// `audit` runs inside the browser (page.evaluate) and returns the problems in words.

export function audit({ phone }) {
  const problems = [];
  const vw = document.documentElement.clientWidth;
  const vh = window.innerHeight;
  const name = (el) => {
    let s = el.tagName.toLowerCase();
    const id = el.getAttribute('data-testid');
    if (id) s += `[data-testid=${id}]`;
    else if (el.classList.length) s += `.${[...el.classList].join('.')}`;
    const text = (el.innerText ?? el.textContent ?? '').trim().replace(/\s+/g, ' ').slice(0, 40);
    return text ? `${s} "${text}"` : s;
  };
  const shown = (el) => {
    if (!el.getClientRects().length) return false;
    const s = getComputedStyle(el);
    return s.visibility !== 'hidden' && Number(s.opacity) > 0.05;
  };
  const all = [...document.body.querySelectorAll('*')].filter(shown);

  // Wider than the screen: the page scrolls sideways, or something reaches past its edge
  // (also inside a box that scrolls sideways: it is off-screen all the same).
  const width = document.documentElement.scrollWidth;
  if (width > vw + 1) problems.push(`the page scrolls sideways: ${width}px on a ${vw}px screen`);
  const offside = [];
  for (const el of all) {
    if (offside.some((o) => o.contains(el))) continue;
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0) continue;
    if (r.right > vw + 1 || r.left < -1) {
      offside.push(el);
      problems.push(`off the side of the screen: ${name(el)} spans ${Math.round(r.left)}–${Math.round(r.right)} px of ${vw}`);
    }
  }

  // Text clipped by its box, or spilling out of a box drawn around it.
  for (const el of all) {
    const hasText = [...el.childNodes].some((n) => n.nodeType === Node.TEXT_NODE && n.textContent.trim());
    if (!hasText || el.closest('svg')) continue;
    const s = getComputedStyle(el);
    const clipsX = s.overflowX !== 'visible' && el.scrollWidth > el.clientWidth + 1;
    const clipsY = ['hidden', 'clip'].includes(s.overflowY) && el.scrollHeight > el.clientHeight + 1;
    if (clipsX || clipsY || s.textOverflow === 'ellipsis' && el.scrollWidth > el.clientWidth) {
      problems.push(`text cut off by its box: ${name(el)}`);
      continue;
    }
    const boxed = s.backgroundColor !== 'rgba(0, 0, 0, 0)' || parseFloat(s.borderLeftWidth) > 0;
    if (boxed && !['BODY', 'HTML', 'MAIN'].includes(el.tagName)) {
      const range = document.createRange();
      range.selectNodeContents(el);
      const t = range.getBoundingClientRect();
      const r = el.getBoundingClientRect();
      if (t.width && (t.left < r.left - 1 || t.right > r.right + 1 || t.bottom > r.bottom + 1)) {
        problems.push(`text spills out of its box: ${name(el)}`);
      }
    }
  }
  // A drawing clips at its edge: every label must end inside it.
  for (const svg of document.querySelectorAll('svg')) {
    if (!shown(svg)) continue;
    const box = svg.getBoundingClientRect();
    for (const t of svg.querySelectorAll('text')) {
      const r = t.getBoundingClientRect();
      if (r.right > box.right + 1 || r.left < box.left - 1 || r.bottom > box.bottom + 1 || r.top < box.top - 1) {
        problems.push(`chart label cut off: "${t.textContent}"`);
      }
    }
  }

  // Tap targets a thumb can hit (PRODUCT.md §4), on the phone.
  if (phone) {
    for (const el of document.querySelectorAll('a[href], button, input:not([type=hidden]), select, textarea, summary')) {
      let target = el;
      if (el.matches('input[type=checkbox], input[type=radio]')) target = el.closest('label, .price-tile') ?? el;
      if (!shown(target)) continue;
      const r = target.getBoundingClientRect();
      if (r.width < 43.5 || r.height < 43.5) {
        problems.push(`tap target smaller than 44 × 44 px (${Math.round(r.width)} × ${Math.round(r.height)}): ${name(target)}`);
      }
    }
  }

  // Template or program text that leaked into the page.
  const text = document.body.innerText;
  for (const [what, pattern] of [
    ['template code', /\|\||&&|==|=>|::|\{\{|\}\}/],
    ['an unfilled placeholder', /\{[a-z_]+\}/],
    ['a program value', /\bundefined\b|\bNaN\b|\[object \w+\]|\bSome\(|\bOk\(|\bErr\(/],
  ]) {
    const m = text.match(pattern);
    if (m) {
      const at = m.index;
      problems.push(`${what} in the page: "${text.slice(Math.max(0, at - 30), at + 30).replace(/\s+/g, ' ')}"`);
    }
  }

  // An overlay covers the screen and must hide it: nothing beneath readable through it.
  for (const el of all) {
    const s = getComputedStyle(el);
    if (s.position !== 'fixed') continue;
    const r = el.getBoundingClientRect();
    if (r.width * r.height < 0.8 * vw * vh) continue; // a toast or a bar, not an overlay
    const rgba = (s.backgroundColor.match(/[\d.]+/g) ?? []).map(Number);
    const alpha = rgba.length === 4 ? rgba[3] : rgba.length === 3 ? 1 : 0;
    if (alpha * Number(s.opacity) < 0.99) {
      problems.push(`an overlay lets the page beneath show through (background ${s.backgroundColor}): ${name(el)}`);
    }
  }
  return problems;
}
