import { fileURLToPath } from 'node:url';

// This folder is the app's root (the repository around it has lock files of its own).
const root = fileURLToPath(new URL('.', import.meta.url));

export default { outputFileTracingRoot: root, turbopack: { root } };
