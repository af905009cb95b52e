// Jest with jsdom on the package's ES modules (run with node --experimental-vm-modules).
// jsdom's environment resolves only the `browser` condition by default, whose entry fetches
// the wasm by URL: `node` gives the entry that reads it from disk.
export default {
  testEnvironment: './jest/environment.js',
  testEnvironmentOptions: { customExportConditions: ['node', 'node-addons'] },
  testMatch: ['<rootDir>/jest/**/*.test.js'],
  transform: {},
};
