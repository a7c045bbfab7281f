// Rendered in the browser only, under StrictMode; the provider starts the engine itself.
import { StrictMode } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { ShelfwiseProvider } from 'shelfwise/react';
import { App } from './App';
import { config } from './shop';

window.commits = [];
const container = document.getElementById('app')!;
const app = (
  <StrictMode>
    <ShelfwiseProvider options={{ config }}>
      <App />
    </ShelfwiseProvider>
  </StrictMode>
);
let root: Root = createRoot(container);
root.render(app);

/** What a hot reload of the whole app does: unmount, then mount again (the page lives on). */
window.remount = () => {
  root.unmount();
  root = createRoot(container);
  root.render(app);
};
