// Rendered in the browser only; the plugin starts the engine itself.
import { createApp } from 'vue';
import { createShelfwise } from 'shelfwise/vue';
import App from './App.vue';
import { config } from './shop.js';

window.commits = [];
const mount = () => {
  const app = createApp(App);
  app.use(createShelfwise({ options: { config } }));
  app.mount('#app');
  return app;
};
let app = mount();

/** What a hot reload of the whole app does: unmount, then mount again (the page lives on). */
window.remount = () => {
  app.unmount();
  app = mount();
};
