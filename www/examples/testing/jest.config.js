// Jest with jsdom on ES modules (run with node --experimental-vm-modules: npm run test:jest).
export default {
  testEnvironment: './test/jest/environment.js',
  testMatch: ['<rootDir>/test/jest/**/*.test.js'],
  transform: {},
};
