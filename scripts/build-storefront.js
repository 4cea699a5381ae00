// Bundles the demo storefront (storefront/src) for the browser into storefront/dist, which
// the store's /shop routes serve. It imports the kit from the built plugin package
// (medusa-plugin-omnichannel-storefront, storefront-kit/), so the kit is built first (npm run build does).
const path = require("node:path")
const esbuild = require("esbuild")

const root = path.join(__dirname, "..", "storefront")

esbuild
  .build({
    // react: the kit's React components in plain React (the page /shop/react).
    entryPoints: { app: path.join(root, "src/main.ts"), react: path.join(root, "react/main.tsx"), style: path.join(root, "src/style.css") },
    outdir: path.join(root, "dist"),
    bundle: true,
    format: "esm",
    platform: "browser",
    target: "es2021",
    minify: true,
    sourcemap: true,
    logLevel: "warning",
    // Not the tsconfig's paths (they point at the kit's source, for typechecking only).
    tsconfigRaw: { compilerOptions: { jsx: "react-jsx" } },
    define: { "process.env.NODE_ENV": '"production"' },
  })
  .catch(() => process.exit(1))
