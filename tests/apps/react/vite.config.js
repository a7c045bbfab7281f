// Four pages: a client-rendered shop (the provider starts the engine, under StrictMode), the
// same shop rendered on the server and hydrated, the React recipe of the docs, and the same shop
// asking for consent, with a consent platform that answers late.
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

export default defineConfig({
  plugins: [react()],
  build: {
    rollupOptions: { input: { index: 'index.html', ssr: 'ssr.html', recipe: 'recipe.html', wait: 'wait.html' } },
  },
});
