// Renders media/icon.svg to media/icon.png (128×128, transparent corners) with headless Chromium:
// the page draws the SVG on a canvas and prints the PNG as a data URL, which --dump-dom returns.
//   node scripts/render-icon.mjs [path/to/chromium]
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const SIZE = 128;
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const chromium = process.argv[2] ?? '/usr/bin/chromium';
const dir = mkdtempSync(path.join(os.tmpdir(), 'icon-'));
try {
  const svg = readFileSync(path.join(root, 'media', 'icon.svg'), 'utf8');
  const html = path.join(dir, 'icon.html');
  writeFileSync(
    html,
    `<!doctype html><html><body><pre id="out"></pre><script>
      const image = new Image();
      image.onload = () => {
        const canvas = document.createElement('canvas');
        canvas.width = canvas.height = ${SIZE};
        canvas.getContext('2d').drawImage(image, 0, 0, ${SIZE}, ${SIZE});
        document.getElementById('out').textContent = 'PNG:' + canvas.toDataURL('image/png') + ':END';
      };
      image.src = 'data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}';
    </script></body></html>`,
  );
  const dom = execFileSync(
    chromium,
    ['--headless', '--no-sandbox', '--disable-gpu', `--user-data-dir=${path.join(dir, 'profile')}`, '--virtual-time-budget=5000', '--dump-dom', `file://${html}`],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] },
  );
  const match = /PNG:data:image\/png;base64,([A-Za-z0-9+/=]+):END/.exec(dom);
  if (!match) throw new Error('chromium did not render the icon');
  const out = path.join(root, 'media', 'icon.png');
  writeFileSync(out, Buffer.from(match[1], 'base64'));
  console.log(`wrote ${path.relative(root, out)}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
