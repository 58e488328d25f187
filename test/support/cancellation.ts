// A cancellation token the test fires by hand (the shape of vscode.CancellationToken, without vscode).
export function manualToken() {
  const listeners: (() => unknown)[] = [];
  const token = {
    isCancellationRequested: false,
    onCancellationRequested(listener: () => unknown) {
      listeners.push(listener);
      return { dispose: () => listeners.splice(listeners.indexOf(listener), 1) };
    },
  };
  return { token, cancel: () => ((token.isCancellationRequested = true), [...listeners].forEach((l) => l())) };
}
