// The server render: no engine runs on the server, so every shelf has the shop's order.
import { StrictMode } from 'react';
import { renderToString } from 'react-dom/server';
import { ShelfwiseProvider } from 'shelfwise/react';
import { App } from './App';

/** The app's HTML, for `<div id="app">`. */
export function render(): string {
  return renderToString(
    <StrictMode>
      <ShelfwiseProvider>
        <App />
      </ShelfwiseProvider>
    </StrictMode>,
  );
}
