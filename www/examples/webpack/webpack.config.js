// No plugin and no loader: webpack 5 emits the package's wasm file as an asset (the glue
// finds it through `new URL(..., import.meta.url)`) and accepts auto.js's top-level await.
// index.html is the page; `npm run build` copies it beside the bundle.
import { fileURLToPath } from 'node:url';

export default {
  mode: 'production',
  entry: './src/main.js',
  output: {
    path: fileURLToPath(new URL('dist', import.meta.url)),
    filename: 'main.js',
    clean: true,
  },
};
