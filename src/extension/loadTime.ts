// Imported first by extension.ts: the time the bundle started loading, to measure activation.
export const bundleLoadStart = performance.now();
