// The server render: no engine runs on the server, so every shelf has the shop's order.
import { createSSRApp } from 'vue';
import { renderToString } from 'vue/server-renderer';
import { createShelfwise } from 'shelfwise/vue';
import App from './App.vue';

/** The app's HTML, for `<div id="app">`. */
export function render() {
  return renderToString(createSSRApp(App).use(createShelfwise()));
}
