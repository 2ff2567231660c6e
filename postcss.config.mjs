/** Tailwind v4 runs as a single PostCSS plugin; its config lives in app/globals.css. */
const config = {
  plugins: {
    "@tailwindcss/postcss": {},
  },
};

export default config;
