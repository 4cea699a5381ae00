import { existsSync } from "fs"
import path from "path"
import { ClickCollectVerifyBody, PosRefundBody, PosSaleBody, PosStockEventBody } from "../validators"
import { PosSalesBatchBody } from "../sales/batch/validators"
import { PosCardOutcomesBody } from "../card-outcomes/validators"
import openapi from "../../../../openapi/pos.openapi.json"

type JsonSchema = { required?: string[]; properties?: Record<string, unknown>; items?: JsonSchema; oneOf?: JsonSchema[] }
type ZodShape = Record<string, { isOptional(): boolean }>

const schemas = openapi.components.schemas as Record<string, JsonSchema>
const shapeOf = (validator: unknown) => (validator as { shape: ZodShape }).shape

/** The documented object and the validator's object list the same fields, and require the same ones. */
function expectSameFields(schema: JsonSchema, shape: ZodShape) {
  expect(Object.keys(schema.properties ?? {}).sort()).toEqual(Object.keys(shape).sort())
  const required = Object.entries(shape).filter(([, s]) => !s.isOptional()).map(([k]) => k)
  expect([...(schema.required ?? [])].sort()).toEqual(required.sort())
}

// The published document and the validators the routes run must describe the same bodies.
describe("POS OpenAPI document", () => {
  it.each([
    ["PosSale", PosSaleBody],
    ["PosRefund", PosRefundBody],
    ["ClickCollectVerify", ClickCollectVerifyBody],
    ["PosStockEvent", PosStockEventBody],
    ["PosSalesBatch", PosSalesBatchBody],
    ["PosCardOutcomes", PosCardOutcomesBody],
  ])("%s lists exactly the fields the route accepts", (name, validator) => {
    expectSameFields(schemas[name], shapeOf(validator))
  })

  it("each tender of a sale lists exactly the fields the route accepts (offline on the card only)", () => {
    const tenders = (shapeOf(PosSaleBody).payments as unknown as { element: { options: { shape: ZodShape }[] } }).element.options
    const documented = schemas.PosSalePayment.oneOf ?? []
    expect(documented).toHaveLength(tenders.length)
    for (const tender of tenders) {
      const method = (tender.shape.method as unknown as { value: string }).value
      const schema = documented.find((s) => (s.properties?.method as { const?: string })?.const === method)
      expect(schema).toBeDefined()
      expectSameFields(schema!, tender.shape)
    }
    const offlineOn = documented.filter((s) => s.properties && "offline" in s.properties)
    expect(offlineOn.map((s) => (s.properties!.method as { const: string }).const)).toEqual(["card"])
  })

  it("an outcome lists exactly the fields the route accepts", () => {
    const outcome = (shapeOf(PosCardOutcomesBody).outcomes as unknown as { element: { shape: ZodShape } }).element
    expectSameFields((schemas.PosCardOutcomes.properties!.outcomes as JsonSchema).items!, outcome.shape)
  })

  it("documents the batch and outcome limits the validators enforce", () => {
    const batch = schemas.PosSalesBatch.properties!.sales as { maxItems: number }
    const outcomes = schemas.PosCardOutcomes.properties!.outcomes as { maxItems: number }
    expect(PosSalesBatchBody.safeParse({ sales: Array(batch.maxItems).fill({}) }).success).toBe(true)
    expect(PosSalesBatchBody.safeParse({ sales: Array(batch.maxItems + 1).fill({}) }).success).toBe(false)
    const one = { acquirer_reference: "OFF-1", outcome: "approved" }
    expect(PosCardOutcomesBody.safeParse({ outcomes: Array(outcomes.maxItems).fill(one) }).success).toBe(true)
    expect(PosCardOutcomesBody.safeParse({ outcomes: Array(outcomes.maxItems + 1).fill(one) }).success).toBe(false)
  })

  it("documents only routes that exist", () => {
    for (const route of Object.keys(openapi.paths)) {
      expect(existsSync(path.join(__dirname, "../../", route.replace(/^\//, ""), "route.ts"))).toBe(true)
    }
  })

  it("every $ref points at something in the document", () => {
    const refs = JSON.stringify(openapi).match(/"\$ref":"[^"]+"/g) ?? []
    expect(refs.length).toBeGreaterThan(0)
    for (const ref of refs) {
      const pointer = ref.slice('"$ref":"#/'.length, -1).split("/").map((p) => p.replace(/~1/g, "/").replace(/~0/g, "~"))
      const target = pointer.reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], openapi)
      expect([ref, target === undefined]).toEqual([ref, false])
    }
  })
})
