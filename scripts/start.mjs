// `npm start`: makes the machine ready, builds the engine, and serves the demo shop.
import { build } from './build.mjs';
import { DEMO_SERVER, serve } from './serve.mjs';
import { setup } from './setup.mjs';

try {
  setup();
  await build();
  const port = Number(process.env.PORT ?? 8080);
  const server = await serve({ port, ...DEMO_SERVER });
  const url = `http://127.0.0.1:${server.address().port}/`;
  console.log(`\nShelfwise demo shop: ${url}\n  add ?sw-debug to any page to see segments and scores; Ctrl+C to stop`);
} catch (e) {
  console.error(`start: ${e.message}`);
  process.exit(1);
}
