// Hydrates the HTML the server rendered (server.tsx): the engine is started first, so the shelves
// take the visitor's order right after hydration, before the first paint.
import { StrictMode } from 'react';
import { hydrateRoot } from 'react-dom/client';
import { start } from 'shelfwise';
import { ShelfwiseProvider } from 'shelfwise/react';
import { App } from './App';
import { config } from './shop';

window.commits = [];
const sw = await start({ config });
hydrateRoot(
  document.getElementById('app')!,
  <StrictMode>
    <ShelfwiseProvider engine={sw}>
      <App />
    </ShelfwiseProvider>
  </StrictMode>,
);
