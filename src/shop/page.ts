import { existsSync } from "node:fs"
import path from "node:path"
import type { MedusaResponse } from "@medusajs/framework/http"

/**
 * The demo storefront's bundle (storefront/dist, built by scripts/build-storefront.js). Found
 * by walking up from here, so it works from src/ (medusa develop) and .medusa/server/src/ (built).
 */
export function storefrontDist(from = __dirname): string | null {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, "storefront", "dist")
    if (existsSync(path.join(candidate, "app.js"))) return candidate
    if (path.dirname(dir) === dir) return null
  }
}

const html = (script: string) => `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Omnichannel shop</title>
<link rel="stylesheet" href="/shop/assets/style.css">
</head>
<body>
<div id="app"><p>Loading the shop…</p></div>
<script type="module" src="/shop/assets/${script}.js"></script>
</body>
</html>
`

/**
 * Every page of the shop is the same document; the script reads the path. `react` is the page
 * of the kit's React components in plain React (storefront/react/).
 */
export function sendShopPage(res: MedusaResponse, script: "app" | "react" = "app") {
  if (!storefrontDist()) {
    res.status(503).type("text/plain").send("The storefront is not built: run `npm run build` (or node scripts/build-storefront.js).")
    return
  }
  res.type("html").send(html(script))
}
