// Mounts the Vue example of docs/api.md (src/Recipe.vue, written from the docs by the tests).
import { createApp, h } from 'vue';
import { start } from 'shelfwise';
import { createShelfwise } from 'shelfwise/vue';
import Recipe from './Recipe.vue';

const products = [
  { id: 'tee-1', brand: 'Acme', name: 'Acme tee' },
  { id: 'tee-2', brand: 'Zenith', name: 'Zenith tee' },
];
const sw = await start({ config: { version: 1, strategy: { rules: [{ rule: 'affinity', by: ['brand'], weight: 10 }] } } });
window.sw = sw;
createApp({ render: () => h(Recipe, { products }) }).use(createShelfwise({ engine: sw })).mount('#app');
