import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

/**
 * The voter app (renderer/voter): a small framework-free bundle served by the voter
 * listener under /vote/ to members' own tablets, phones and laptops. Old tablets are the
 * point of the target: ES2017 syntax for Chrome 61 (the first Chrome that runs module
 * scripts) and Safari 11 (iOS 11; iPads stuck on iOS 10.3 are not claimed). The build
 * checks the output's syntax, size and newer-API use (build/build.mjs).
 */
export default defineConfig({
  root: fileURLToPath(new URL('../renderer/voter', import.meta.url)),
  base: './',
  publicDir: false,
  logLevel: 'warn',
  build: {
    outDir: fileURLToPath(new URL('../dist/voter', import.meta.url)),
    emptyOutDir: true,
    target: ['es2017', 'chrome61', 'safari11'],
    cssTarget: ['chrome61', 'safari11'],
    // One entry chunk and no dynamic imports: the preload polyfill would be dead weight.
    modulePreload: false,
    reportCompressedSize: false,
    sourcemap: false,
  },
});
