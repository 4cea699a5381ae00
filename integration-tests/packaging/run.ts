/**
 * The packaging test: the plugin as a merchant gets it. `npm pack` of plugin/ (and of the
 * storefront kit), their file lists checked; then two throw-away Medusa stores outside this
 * repository, on the lowest and on the highest release of the plugin's peer range for
 * @medusajs/medusa on the registry. The highest follows the repository README's install section,
 * the lowest the README packed in the tarball, literally (shell lines run, medusa-config.ts
 * written as it stands), with a plain `npm install`. Each store is built, started, and through
 * its HTTP API takes one online checkout with pp_omnichannel_card and signed till sales merged
 * into the same order by the package's own pos-client.
 */
import assert from "node:assert/strict"
import { type ChildProcess } from "node:child_process"
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs"
import os from "node:os"
import path from "node:path"
import axios from "axios"
import { checkout, TEST_CARDS } from "../helpers/checkout"
import { adminClient, seedOf, waitForStore } from "../helpers/running-store"
import { cardSaleOnChain } from "../helpers/till-sale"
import { reportChecks, runChecks, type Check, type CheckResult } from "../helpers/checks"
import { pack, packChecks, type Packed } from "./pack-contents"
import { assertPeersInRange, releasesInRange } from "./peers"
import { INSTALL_SECTION, PACKAGE_INSTALL_SECTION, readInstallSection, type InstallStep } from "./readme-install-steps"
import { applyInstallSteps, assertOutsideRepository, BASE, DATABASE_URL, LOG_DIR, recreateDatabase, ROOT, sh, startStore, stopAll, stopStore, writeExistingStore } from "./store"

const results: CheckResult[] = []

type Store = { medusa: string; readme: string; steps: InstallStep[]; dir: string; databaseUrl: string }

/** A point another store waits for: opened once, whether what it marks went well or not. */
type Gate = { reached: Promise<void>; open: () => void }
function gate(): Gate {
  let open = () => {}
  const reached = new Promise<void>((r) => (open = r))
  return { reached, open }
}

/** Everything before the database: the store's own install, then the README's steps up to its migration. */
async function install(store: Store, tarball: string) {
  mkdirSync(store.dir)
  writeExistingStore(store.dir, store.medusa, store.databaseUrl)
  await sh(`${store.medusa}-store-install`, "npm install --no-audit --no-fund", store.dir)
  return applyInstallSteps(store.steps, store.dir, tarball, store.medusa, "before-db")
}

function storeChecks(store: Store, installOutput: string, ctx: { adminApi: import("axios").AxiosInstance; seed: Awaited<ReturnType<typeof seedOf>> }): Check[] {
  const { adminApi, seed } = ctx
  const dir = store.dir
  const tokenKey = /^OMNI_TOKEN_KEY=(.+)$/m.exec(readFileSync(path.join(dir, ".env"), "utf8"))?.[1]
  // Resolved as the store's own code would, through the package's `exports`.
  const posClient = require(require.resolve("medusa-plugin-omnichannel/pos-client", { paths: [dir] }))
  let orderId = ""
  let paymentId = ""
  let till: InstanceType<typeof posClient.PosClient> | undefined
  const at = `Medusa ${store.medusa}`

  return [
    {
      name: `${at}: plain npm install by ${store.readme}: no peer conflict, every peer of the plugin inside its range`,
      run: async () => assertPeersInRange(dir, store.medusa, installOutput),
    },
    {
      name: `${at}: the store loads the package's module, provider, admin extensions and OpenAPI`,
      run: async () => {
        const installed = path.join(dir, "node_modules/medusa-plugin-omnichannel")
        for (const f of ["openapi/pos.openapi.json", ".medusa/server/src/modules/omnichannel/index.js", ".medusa/server/src/providers/omnichannel/index.js", ".medusa/server/src/admin/index.js"]) {
          assert.ok(existsSync(path.join(installed, f)), `the package lacks ${f}`)
        }
        assert.ok(!existsSync(path.join(installed, "src")), "the package ships its TypeScript sources")
        const assets = path.join(dir, ".medusa/server/public/admin/assets")
        const bundled = readdirSync(assets).some((f) => f.endsWith(".js") && readFileSync(path.join(assets, f), "utf8").includes("omni-order-widget"))
        assert.ok(bundled, "the store's admin build does not contain the plugin's order widget")
        assert.match(tokenKey ?? "", /^[0-9a-f]{64}$/, "the README's token key step did not leave OMNI_TOKEN_KEY in .env")
      },
    },
    {
      name: `${at}: an online checkout with pp_omnichannel_card makes an order on a 19-digit payment chain`,
      run: async () => {
        const placed = await checkout(axios.create({ baseURL: BASE }), seed, { card: TEST_CARDS.approved, sku: "SHIRT-M", quantity: 1 })
        assert.ok(placed.order, `checkout did not make an order: ${JSON.stringify(placed.completed?.data ?? placed.session?.data)}`)
        orderId = placed.order.id
        for (let i = 0; i < 40 && !paymentId; i++) {
          const { data } = await adminApi.get(`/admin/omnichannel/chains?order_id=${orderId}`)
          paymentId = data.chains?.[0]?.payment_id ?? ""
          if (!paymentId) await new Promise((r) => setTimeout(r, 250))
        }
        assert.match(paymentId, /^\d{19}$/, "the order was never linked to a chain")
        const { data } = await adminApi.get(`/admin/omnichannel/chains/${paymentId}`)
        assert.ok(data.chain.totals.authorized > 0, `nothing authorized on the chain: ${JSON.stringify(data.chain.totals)}`)
      },
    },
    {
      name: `${at}: a till signs a sale with the package's pos-client and it lands on the same chain and order`,
      run: async () => {
        const created = await adminApi.post("/admin/omnichannel/terminals", { name: "Packaging till", stock_location_id: seed.stock_location_ids.store_paris })
        assert.equal(created.status, 201, JSON.stringify(created.data))
        const pos = new posClient.PosClient({ baseUrl: BASE, terminalId: created.data.terminal.id, secret: created.data.secret })
        const sale = await pos.sales(
          cardSaleOnChain({
            sale_id: `PACK-${Date.now()}`,
            payment_id: paymentId,
            sku: "TOTE-NATURAL",
            quantity: 1,
            unit_price: 1250,
            acquirer_reference: "PACK-T1",
            offline_token: posClient.computeOfflineToken(tokenKey, TEST_CARDS.approved),
          })
        )
        assert.equal(sale.status, 201, `POS sale refused: ${JSON.stringify(sale.data)}`)
        assert.equal(sale.data.order_id, orderId, "the till sale went to another order")
        assert.equal(sale.data.payment_id, paymentId, "the till sale opened another chain")
        const { data } = await adminApi.get(`/admin/omnichannel/chains/${paymentId}`)
        assert.equal(data.chain.totals.by_channel.in_store?.paid, 1250, JSON.stringify(data.chain.totals))
        till = pos
      },
    },
    {
      name: `${at}: without Medusa's loyalty plugin, a cash sale lands and a gift card is refused with TENDER_NOT_AVAILABLE`,
      run: async () => {
        assert.ok(till, "no till from the previous check")
        const base = { occurred_at: new Date().toISOString(), currency_code: "EUR", items: [{ sku: "CUP-GLAZED", quantity: 1, unit_price: 900 }] }
        const cash = await till.sales({ ...base, sale_id: `PACK-CASH-${Date.now()}`, payments: [{ method: "cash", amount: 900, tendered: 1000, change: 100 }] })
        assert.equal(cash.status, 201, `cash sale refused: ${JSON.stringify(cash.data)}`)
        const gift = await till.sales({ ...base, sale_id: `PACK-GIFT-${Date.now()}`, payments: [{ method: "gift_card", amount: 900, code: "NO-LOYALTY" }] })
        assert.equal(gift.status, 422, JSON.stringify(gift.data))
        assert.equal(gift.data.code, "TENDER_NOT_AVAILABLE")
      },
    },
  ]
}

/**
 * The store's database steps, start and checks; `installed` is its install, begun earlier. It
 * migrates and builds once the store before it has built (two builds at once only fight for the
 * cores), and starts once that one has stopped (they share the port).
 */
async function runStore(store: Store, tarball: string, installed: Promise<string>, after: { built: Gate; stopped: Gate }, mine: { built: Gate; stopped: Gate }) {
  let server: ChildProcess | undefined
  try {
    const installOutput = await installed
    await after.built.reached
    recreateDatabase(store.databaseUrl)
    await applyInstallSteps(store.steps, store.dir, tarball, store.medusa, "from-db")
    mine.built.open()
    await sh(`${store.medusa}-seed`, "npx medusa exec ./src/scripts/seed.ts", store.dir)
    await after.stopped.reached
    const started = Date.now()
    server = startStore(store.dir, store.medusa)
    await waitForStore(BASE, Date.now() + 180_000, () => server!.exitCode === null)
    console.log(`  ${store.medusa}-start: answered /health (${Math.round((Date.now() - started) / 1000)} s)`)
    const adminApi = await adminClient(BASE)
    await runChecks(storeChecks(store, installOutput, { adminApi, seed: await seedOf(adminApi) }), results)
  } catch (err) {
    results.push({ name: `Medusa ${store.medusa}: install the packed plugin into a throw-away store, build and start it`, ok: false, error: (err as Error).message })
  } finally {
    mine.built.open()
    if (server) await stopStore(server)
    mine.stopped.open()
  }
}

async function main() {
  const started = Date.now()
  rmSync(LOG_DIR, { recursive: true, force: true })
  mkdirSync(LOG_DIR, { recursive: true })
  const work = mkdtempSync(path.join(os.tmpdir(), "omni-packaging-"))
  assertOutsideRepository(path.join(work, "store"))
  process.on("exit", stopAll)

  try {
    console.log(`packaging: throw-away stores in ${work}`)
    const plugin = await pack("plugin", path.join(ROOT, "plugin"), work)
    const kitDir = path.join(ROOT, "storefront-kit")
    let kit: Packed | undefined
    if (existsSync(kitDir)) kit = await pack("storefront-kit", kitDir, work)
    // Each on its own: a file too many in one tarball says nothing about the other's.
    for (const check of packChecks(plugin, kit)) await runChecks([check], results)

    const peerRange = JSON.parse(readFileSync(path.join(ROOT, "plugin/package.json"), "utf8")).peerDependencies["@medusajs/medusa"]
    const { lowest, highest } = await releasesInRange("@medusajs/medusa", peerRange)
    console.log(`packaging: @medusajs/medusa ${peerRange} on the registry: lowest ${lowest}, highest ${highest}`)
    const rootSteps = readInstallSection(readFileSync(path.join(ROOT, "README.md"), "utf8"), INSTALL_SECTION)
    const packedSteps = readInstallSection(readFileSync(path.join(plugin.unpacked, "README.md"), "utf8"), PACKAGE_INSTALL_SECTION)
    const stores: Store[] = [{ medusa: highest, readme: "the repository README", steps: rootSteps, dir: path.join(work, `store-${highest}`), databaseUrl: DATABASE_URL }]
    if (lowest !== highest) {
      stores.push({ medusa: lowest, readme: "the packed README", steps: packedSteps, dir: path.join(work, `store-${lowest}`), databaseUrl: `${DATABASE_URL}_lowest` })
    }

    // Both stores install at once (npm waits mostly on the network and the disk, and they share
    // npm's cache); the second migrates and builds while the first seeds, starts and is checked.
    const installs = stores.map((s) => install(s, plugin.tarball))
    installs.forEach((p) => p.catch(() => {}))
    const gates = [{ built: gate(), stopped: gate() }]
    gates[0].built.open()
    gates[0].stopped.open()
    const runs = stores.map((store, i) => {
      gates.push({ built: gate(), stopped: gate() })
      return runStore(store, plugin.tarball, installs[i], gates[i], gates[i + 1])
    })
    await Promise.all(runs)
  } catch (err) {
    results.push({ name: "pack the packages and find the Medusa releases to install on", ok: false, error: (err as Error).message })
  } finally {
    stopAll()
  }

  const kept = results.every((r) => r.ok) ? "" : `(the throw-away stores are kept in ${work}; logs in ${LOG_DIR})`
  if (!kept) rmSync(work, { recursive: true, force: true })
  const failed = reportChecks("packaging", results, `${kept} ${Math.round((Date.now() - started) / 1000)} s`.trim())
  process.exit(failed ? 1 : 0)
}

main().catch((err) => {
  console.error(err)
  process.exit(1)
})
