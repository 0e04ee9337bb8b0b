#!/usr/bin/env node
// Completes package-lock.json with the other platforms' prebuilt-binary packages.
//
// The npm registry mirror on our build machines answers 404 for platform packages that cannot run
// here (darwin, win32, musl, ...). `npm install` then leaves them out of the lock, and `npm ci`
// (used by CI) refuses the lock as "Missing: <name>@ from lock file". A lock made against the
// public registry lists them with their os/cpu/libc, so npm skips them on other machines.
// This script adds those entries, inferring os/cpu/libc from the package name (the convention every
// one of these binary packages follows). Run it after changing dependencies:
//   npm install && node scripts/lock-platform-binaries.js && npm install
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const lockPath = path.join(__dirname, '..', 'package-lock.json');
const lock = JSON.parse(fs.readFileSync(lockPath, 'utf8'));
const OS = ['android', 'darwin', 'freebsd', 'linux', 'openharmony', 'win32'];
const CPU = ['arm64', 'x64', 'arm', 'ia32', 'riscv64', 'ppc64', 's390x', 'loong64'];

function platformOf(name) {
  const parts = name.split('/').pop().split('-');
  const os = OS.find((o) => parts.includes(o));
  const cpu = CPU.find((c) => parts.includes(c));
  if (!os || !cpu) return undefined;
  const platform = { cpu: [cpu], os: [os] };
  if (parts.some((p) => p.startsWith('musl'))) platform.libc = ['musl'];
  else if (os === 'linux' && parts.some((p) => p.startsWith('gnu'))) platform.libc = ['glibc'];
  return platform;
}

let added = 0;
for (const [key, pkg] of Object.entries(lock.packages)) {
  for (const [name, version] of Object.entries(pkg.optionalDependencies ?? {})) {
    const base = key === '' ? '' : `${key}/`;
    const candidates = [`${base}node_modules/${name}`, `node_modules/${name}`];
    if (candidates.some((c) => lock.packages[c])) continue;
    const platform = platformOf(name);
    if (!platform || !/^\d+\.\d+\.\d+/.test(version)) {
      console.error(`left alone: ${name}@${version} (not a pinned platform binary)`);
      continue;
    }
    lock.packages[`node_modules/${name}`] = { version, ...platform, license: pkg.license, optional: true };
    added += 1;
  }
}
fs.writeFileSync(lockPath, `${JSON.stringify(lock, null, 2)}\n`);
console.log(`added ${added} platform binary entries; run \`npm install\` once to put them in npm's order`);
