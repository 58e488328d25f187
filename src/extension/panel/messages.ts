// The panel's messages live in src/shared/panelMessages.ts (shared by the host and the webview).
// Kept only for test/e2e/suite/panel.e2e.test.ts, which imports this path; remove with that import.
export type * from '../../shared/panelMessages';
