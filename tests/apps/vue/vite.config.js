// Four pages: a client-rendered shop (the plugin starts the engine), the same shop rendered on
// the server and hydrated, the Vue example of the docs, and the same shop asking for consent,
// with a consent platform that answers late. Hydration mismatches are reported in every build.
import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'vite';

export default defineConfig({
  plugins: [vue()],
  define: { __VUE_PROD_HYDRATION_MISMATCH_DETAILS__: 'true' },
  build: {
    rollupOptions: { input: { index: 'index.html', ssr: 'ssr.html', recipe: 'recipe.html', wait: 'wait.html' } },
  },
});
