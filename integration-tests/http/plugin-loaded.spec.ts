import { Modules } from "@medusajs/framework/utils"
import type { IOmnichannelModuleService } from "../../plugin/src/modules/omnichannel/service"
import { storeTestRunner } from "../helpers/store-runner"
import { seedAndLogin } from "../helpers/admin"

jest.setTimeout(120 * 1000)

storeTestRunner({
  env: {
    // Metrics are off unless the store switches them on (another suite does, in the same process).
    OMNI_METRICS: undefined,
  },
  testSuite: ({ api, getContainer, dbConnection }) => {
    describe("the omnichannel plugin in the reference store", () => {
      let headers: Record<string, string>

      beforeEach(async () => {
        ;({ headers } = await seedAndLogin(getContainer(), api))
      })

      it("answers its admin route for a logged-in admin", async () => {
        const res = await api.get("/admin/omnichannel/chains", { headers })
        expect(res.status).toBe(200)
        expect(res.data).toEqual({ chains: [], count: 0, limit: 50, offset: 0 })
      })

      it("serves no metrics unless the option switches them on", async () => {
        const res = await api.get("/omnichannel/metrics").catch((e) => e.response)
        expect([res.status, res.data.code]).toEqual([404, "NOT_FOUND"])
        expect(res.data.message).toMatch(/metrics\.enabled/)
      })

      it("refuses its admin route without a session", async () => {
        const res = await api.get("/admin/omnichannel/chains").catch((e) => e.response)
        expect(res.status).toBe(401)
      })

      it("rejects a bad query parameter naming the field", async () => {
        const res = await api
          .get("/admin/omnichannel/chains?limit=abc", { headers })
          .catch((e) => e.response)
        expect(res.status).toBe(400)
        expect(res.data.message).toMatch(/limit/)
      })

      it("registers the omnichannel module and runs its migrations", async () => {
        const omnichannel = getContainer().resolve<IOmnichannelModuleService>("omnichannel")
        expect(typeof omnichannel.listOmnichannelChains).toBe("function")

        const tables = await dbConnection.raw(
          "select table_name from information_schema.tables where table_name like 'omnichannel_%'"
        )
        expect(tables.rows.map((r: { table_name: string }) => r.table_name)).toContain(
          "omnichannel_chain"
        )
        const migrations = await dbConnection.raw(
          "select name from mikro_orm_migrations where name like 'Migration2026%'"
        )
        expect(migrations.rows.length).toBeGreaterThan(0)
      })

      it("seeds idempotently: a second run adds nothing", async () => {
        const container = getContainer()
        const count = async () => ({
          regions: (await container.resolve(Modules.REGION).listRegions()).length,
          products: (await container.resolve(Modules.PRODUCT).listProducts()).length,
          channels: (await container.resolve(Modules.SALES_CHANNEL).listSalesChannels()).length,
          locations: (await container.resolve(Modules.STOCK_LOCATION).listStockLocations({})).length,
          levels: (await container.resolve(Modules.INVENTORY).listInventoryLevels({})).length,
          options: (await container.resolve(Modules.FULFILLMENT).listShippingOptions()).length,
          keys: (await container.resolve(Modules.API_KEY).listApiKeys({ title: "Webshop" })).length,
          users: (await container.resolve(Modules.USER).listUsers()).length,
        })
        const before = await count()
        await seedAndLogin(container, api)
        expect(await count()).toEqual(before)
        expect(before).toMatchObject({ regions: 2, products: 4, locations: 2, options: 2, users: 1, keys: 1 })
        expect(before.levels).toBe(7 * 2)
      })
    })
  },
})
