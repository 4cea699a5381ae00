import { existsSync } from "fs"
import path from "path"
import { ClickCollectVerifyBody, PosRefundBody, PosSaleBody, PosStockEventBody } from "../validators"
import openapi from "../../../../openapi/pos.openapi.json"

type JsonSchema = { required?: string[]; properties?: Record<string, unknown> }

// The published document and the validators the routes run must describe the same bodies.
describe("POS OpenAPI document", () => {
  const schemas = openapi.components.schemas as Record<string, JsonSchema>
  it.each([
    ["PosSale", PosSaleBody],
    ["PosRefund", PosRefundBody],
    ["ClickCollectVerify", ClickCollectVerifyBody],
    ["PosStockEvent", PosStockEventBody],
  ])("%s lists exactly the fields the route accepts", (name, validator) => {
    const shape = (validator as unknown as { shape: Record<string, { isOptional(): boolean }> }).shape
    expect(Object.keys(schemas[name].properties ?? {}).sort()).toEqual(Object.keys(shape).sort())
    const required = Object.entries(shape).filter(([, s]) => !s.isOptional()).map(([k]) => k)
    expect([...(schemas[name].required ?? [])].sort()).toEqual(required.sort())
  })

  it("documents only routes that exist", () => {
    for (const route of Object.keys(openapi.paths)) {
      expect(existsSync(path.join(__dirname, "../../", route.replace(/^\//, ""), "route.ts"))).toBe(true)
    }
  })
})
