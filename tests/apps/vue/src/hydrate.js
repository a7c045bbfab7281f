// Hydrates the HTML the server rendered (server.js): the engine is started first, so the shelves
// take the visitor's order once mounted, before the first paint.
import { createSSRApp } from 'vue';
import { start } from 'shelfwise';
import { createShelfwise } from 'shelfwise/vue';
import App from './App.vue';
import { config } from './shop.js';

window.commits = [];
const sw = await start({ config });
createSSRApp(App).use(createShelfwise({ engine: sw })).mount('#app');
