// Mocha's TDD globals (suite, test, setup, ...) for the e2e tests; see ./index.ts.
/// <reference types="mocha" />
