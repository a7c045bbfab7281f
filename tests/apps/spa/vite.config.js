// The storefront's one page, built for the browsers the tests drive.
import { defineConfig } from 'vite';

export default defineConfig({
  build: { target: 'es2022' },
});
