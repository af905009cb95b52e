import { defineConfig } from 'vite';
import vue from '@vitejs/plugin-vue';

export default defineConfig({
  plugins: [
    vue({
      // Without it Vue warns and tries to resolve <drush-io-run-button> as a Vue component.
      template: { compilerOptions: { isCustomElement: (tag) => tag.startsWith('drush-io-') } },
    }),
  ],
});
