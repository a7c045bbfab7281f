// The shop front on a shop that asks for consent, whose consent platform answers late
// (late-consent.js). The engine is started before the app is mounted.
import { createApp } from 'vue';
import { start } from 'shelfwise';
import { createShelfwise } from 'shelfwise/vue';
import App from './App.vue';
import { lateConsent } from './late-consent.js';
import { config } from './shop.js';

window.commits = [];
const sw = await start({ config: lateConsent(config) });
createApp(App).use(createShelfwise({ engine: sw })).mount('#app');
