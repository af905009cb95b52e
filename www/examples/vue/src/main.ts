// The element: `drush-io-embed/auto` loads the wasm and registers <drush-io-run-button>.
import 'drush-io-embed/auto';
import { createApp } from 'vue';
import App from './App.vue';

createApp(App).mount('#app');
