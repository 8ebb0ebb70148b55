import base from '../jest.base.js';

// These tests must see the packed packages, never the sources: no module mapping here.
export default { ...base, moduleNameMapper: {}, testTimeout: 120_000 };
