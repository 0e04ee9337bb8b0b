#!/usr/bin/env node
// Draws the sample product photos of templates/product-showcase (images/*.jpg, next to sample.json)
// and its placeholder (assets/placeholder.jpg) with Skia, so the repo ships no third-party pictures:
//   node scripts/make-product-samples.js
// The pictures are studio-style renders of a pair of headphones on a soft gradient, from three sides.
const fs = require('node:fs');
const path = require('node:path');
const { createCanvas } = require('@napi-rs/canvas');

const dir = path.join(__dirname, '..', 'templates', 'product-showcase');

function studio(c, w, h, top, bottom) {
  const g = c.createLinearGradient(0, 0, 0, h);
  g.addColorStop(0, top);
  g.addColorStop(1, bottom);
  c.fillStyle = g;
  c.fillRect(0, 0, w, h);
  const floor = c.createRadialGradient(w / 2, h * 0.86, 10, w / 2, h * 0.86, w * 0.45);
  floor.addColorStop(0, 'rgba(0,0,0,0.28)');
  floor.addColorStop(1, 'rgba(0,0,0,0)');
  c.fillStyle = floor;
  c.fillRect(0, 0, w, h);
}

function headphones(c, cx, cy, s, turn) {
  c.lineCap = 'round';
  c.strokeStyle = '#1d232b';
  c.lineWidth = 34 * s;
  c.beginPath();
  c.ellipse(cx, cy, 250 * s * (1 - 0.5 * turn), 260 * s, 0, Math.PI * 1.05, Math.PI * 1.95);
  c.stroke();
  c.strokeStyle = '#c9a86a';
  c.lineWidth = 8 * s;
  c.stroke();
  for (const side of [-1, 1]) {
    const x = cx + side * 235 * s * (1 - 0.5 * turn);
    const body = c.createRadialGradient(x - 30 * s, cy + 10 * s, 10 * s, x, cy + 40 * s, 150 * s);
    body.addColorStop(0, '#4a5563');
    body.addColorStop(1, '#15191f');
    c.fillStyle = body;
    c.beginPath();
    c.ellipse(x, cy + 60 * s, (side === 1 ? 1 - 0.6 * turn : 1) * 105 * s, 150 * s, 0, 0, Math.PI * 2);
    c.fill();
    c.fillStyle = '#c9a86a';
    c.beginPath();
    c.ellipse(x, cy + 60 * s, (side === 1 ? 1 - 0.6 * turn : 1) * 40 * s, 58 * s, 0, 0, Math.PI * 2);
    c.fill();
  }
}

function photo(file, draw) {
  const w = 1600;
  const h = 1200;
  const canvas = createCanvas(w, h);
  draw(canvas.getContext('2d'), w, h);
  fs.writeFileSync(path.join(dir, file), canvas.toBuffer('image/jpeg', 86));
}

photo('images/aurora-2-front.jpg', (c, w, h) => {
  studio(c, w, h, '#f4efe6', '#d9cfbf');
  headphones(c, w / 2, h * 0.45, 1.35, 0);
});
photo('images/aurora-2-side.jpg', (c, w, h) => {
  studio(c, w, h, '#e6eef4', '#bccbd8');
  headphones(c, w / 2, h * 0.45, 1.35, 0.8);
});
photo('images/aurora-2-case.jpg', (c, w, h) => {
  studio(c, w, h, '#26303b', '#0f141a');
  c.fillStyle = '#313b47';
  c.beginPath();
  c.ellipse(w / 2, h * 0.55, 520, 330, 0, 0, Math.PI * 2);
  c.fill();
  headphones(c, w / 2, h * 0.42, 0.95, 0.3);
});

// The placeholder a template may name for a product without a usable picture: a neutral card.
const ph = createCanvas(1600, 1200);
const p = ph.getContext('2d');
studio(p, 1600, 1200, '#eceff3', '#cfd6de');
p.strokeStyle = '#9aa6b4';
p.lineWidth = 18;
p.strokeRect(620, 420, 360, 300);
p.beginPath();
p.moveTo(640, 700);
p.lineTo(760, 560);
p.lineTo(840, 640);
p.lineTo(900, 590);
p.lineTo(960, 700);
p.stroke();
p.beginPath();
p.arc(900, 500, 34, 0, Math.PI * 2);
p.stroke();
fs.writeFileSync(path.join(dir, 'assets/placeholder.jpg'), ph.toBuffer('image/jpeg', 86));
