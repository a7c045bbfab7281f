// The app: Shelfwise started once, then React Router renders the shop. With ?history, Shelfwise
// follows the history by itself (tracking.history); otherwise the app tracks a page_view on every
// route, as GA4 asks single-page apps to.
import { createRoot } from 'react-dom/client';
import { BrowserRouter } from 'react-router';
import { start } from 'shelfwise';
import { App } from './App.jsx';
import { config } from './config.js';

const followHistory = new URLSearchParams(location.search).has('history');
window.sw = await start({ config: followHistory ? { ...config, tracking: { history: true } } : config });
createRoot(document.getElementById('root')).render(
  <BrowserRouter>
    <App trackPageViews={!followHistory} />
  </BrowserRouter>,
);
window.appReady = true;
