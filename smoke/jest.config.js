import base from '../jest.base.js';

// These tests must see the packed packages, never the sources: no module mapping here. One
// pack and install per run, shared by every test file.
export default {
  ...base,
  moduleNameMapper: {},
  testTimeout: 120_000,
  globalSetup: '<rootDir>/src/support/consumer-app.ts',
  globalTeardown: '<rootDir>/src/support/consumer-teardown.ts',
};
