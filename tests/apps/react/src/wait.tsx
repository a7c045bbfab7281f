// The shop front on a shop that asks for consent, whose consent platform answers late
// (late-consent.js). The engine is started before the first render, as the React recipe does.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { start } from 'shelfwise';
import { ShelfwiseProvider } from 'shelfwise/react';
import { App } from './App';
import { lateConsent } from './late-consent.js';
import { config } from './shop';

window.commits = [];
const sw = await start({ config: lateConsent(config) });
createRoot(document.getElementById('app')!).render(
  <StrictMode>
    <ShelfwiseProvider engine={sw}>
      <App />
    </ShelfwiseProvider>
  </StrictMode>,
);
