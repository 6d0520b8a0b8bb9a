#!/usr/bin/env node
// Runs the CLI from a cached plain-JS bundle of src/ (see bundle-cache.mjs); without one, tsx runs the
// TypeScript directly.
import { bundledEntry } from './bundle-cache.mjs';

const bundle = await bundledEntry('src/cli/main.ts', 'cli');
if (bundle) {
  await import(bundle);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/cli/main.ts');
}
