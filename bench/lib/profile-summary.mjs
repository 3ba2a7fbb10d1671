// Summarises a V8 .cpuprofile (from `node --cpu-prof`):
//   node bench/lib/profile-summary.mjs FILE.cpuprofile [--top N] [--filter SUBSTRING] [--under FUNCTION]
// (--under: only samples with FUNCTION on the stack)
// Prints self time by function, inclusive time by function (time with the function on the stack),
// and self time by file, with paths shortened to the repository.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const { values, positionals } = parseArgs({ allowPositionals: true, options: { top: { type: 'string', default: '25' }, filter: { type: 'string' }, under: { type: 'string' } } });
const top = Number(values.top);
const profile = JSON.parse(readFileSync(positionals[0], 'utf8'));

const byId = new Map(profile.nodes.map((node) => [node.id, node]));
const parent = new Map();
for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);

const shortUrl = (url) => url.replace('file://', '').replace(`${repo}/`, '');
const key = (node) => {
  const { functionName, url, lineNumber } = node.callFrame;
  return `${functionName || '(anonymous)'} ${shortUrl(url)}:${lineNumber + 1}`;
};

const dts = profile.timeDeltas;
const self = new Map();
const inclusive = new Map();
const fileSelf = new Map();
let total = 0;
for (let i = 0; i < profile.samples.length; i += 1) {
  const ms = (dts[i + 1] ?? dts[i] ?? 0) / 1000;
  const leaf = byId.get(profile.samples[i]);
  if (values.under !== undefined) {
    let inside = false;
    for (let id = leaf.id; id !== undefined && !inside; id = parent.get(id)) inside = key(byId.get(id)).startsWith(`${values.under} `);
    if (!inside) continue;
  }
  total += ms;
  self.set(key(leaf), (self.get(key(leaf)) ?? 0) + ms);
  const file = shortUrl(leaf.callFrame.url) || `(${leaf.callFrame.functionName})`;
  fileSelf.set(file, (fileSelf.get(file) ?? 0) + ms);
  const seen = new Set();
  for (let id = leaf.id; id !== undefined; id = parent.get(id)) {
    const k = key(byId.get(id));
    if (seen.has(k)) continue;
    seen.add(k);
    inclusive.set(k, (inclusive.get(k) ?? 0) + ms);
  }
}

const show = (title, map) => {
  console.log(`\n${title}`);
  const rows = [...map.entries()].filter(([k]) => values.filter === undefined || k.includes(values.filter)).sort((a, b) => b[1] - a[1]).slice(0, top);
  for (const [k, ms] of rows) console.log(`${(ms / 1000).toFixed(2).padStart(8)} s ${((ms / total) * 100).toFixed(1).padStart(5)} %  ${k}`);
};
console.log(`total sampled: ${(total / 1000).toFixed(2)} s`);
show('self time by function', self);
show('inclusive time by function', inclusive);
show('self time by file', fileSelf);
