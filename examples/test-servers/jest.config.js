// CommonJS package: its jest config loads the shared (ESM) settings.
module.exports = async () => (await import('../../jest.base.js')).default;
