// Three pages: a client-rendered shop (the provider starts the engine, under StrictMode), the
// same shop rendered on the server and hydrated, and the React recipe of the docs.
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

export default defineConfig({
  plugins: [react()],
  build: {
    rollupOptions: { input: { index: 'index.html', ssr: 'ssr.html', recipe: 'recipe.html' } },
  },
});
