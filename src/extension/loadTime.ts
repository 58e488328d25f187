// Imported first by extension.ts: when the bundle started evaluating, to measure its load time.
export const bundleLoadStart = performance.now();
