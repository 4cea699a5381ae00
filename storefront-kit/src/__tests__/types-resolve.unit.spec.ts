import { execFileSync } from "node:child_process"
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs"
import os from "node:os"
import path from "node:path"
import ts from "typescript"

const KIT = path.resolve(__dirname, "../..")
const ROOT = path.resolve(KIT, "..")

// A storefront's own TypeScript, on the built package as npm would lay it out: both entries must
// resolve under the old "node" resolution (typesVersions) and "bundler" (exports), with
// nothing of Medusa's server installed.
const STOREFRONT_CODE = `
import Medusa from "@medusajs/js-sdk"
import { CardCheckout, formatAmount, type CheckoutResult } from "medusa-plugin-omnichannel-storefront"
import { OmnichannelCardForm, PaymentLinkPage, SavedCards, useOmnichannelCardPayment, isOmnichannel, type CardPayment } from "medusa-plugin-omnichannel-storefront/react"
const sdk = new Medusa({ baseUrl: "http://localhost:9000", publishableKey: "pk_test" })
export const checkout = new CardCheckout({ sdk, backendUrl: "http://localhost:9000" })
export const shown: string = formatAmount(2000, "EUR")
export const result: CheckoutResult | null = null
export const parts = [OmnichannelCardForm, PaymentLinkPage, SavedCards, isOmnichannel]
export function usePay(): CardPayment { return useOmnichannelCardPayment({ sdk, backendUrl: "http://localhost:9000", cart: { id: "cart_1" } }) }
`

function diagnostics(dir: string, moduleResolution: "node" | "bundler"): string[] {
  const options: ts.CompilerOptions = {
    noEmit: true,
    strict: true,
    jsx: ts.JsxEmit.ReactJSX,
    target: ts.ScriptTarget.ES2020,
    lib: ["lib.es2021.d.ts", "lib.dom.d.ts"],
    module: moduleResolution === "bundler" ? ts.ModuleKind.ESNext : ts.ModuleKind.CommonJS,
    moduleResolution: moduleResolution === "bundler" ? ts.ModuleResolutionKind.Bundler : ts.ModuleResolutionKind.Node10,
    esModuleInterop: true,
    skipLibCheck: true,
    types: [],
  }
  const program = ts.createProgram([path.join(dir, "index.ts")], options)
  return ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n"))
}

describe("the storefront package's types, in a storefront's TypeScript", () => {
  let dir: string
  beforeAll(() => {
    if (!existsSync(path.join(KIT, "dist/react/index.d.ts"))) execFileSync("npx", ["tsc", "-p", "tsconfig.build.json"], { cwd: KIT })
    dir = mkdtempSync(path.join(os.tmpdir(), "omni-kit-types-"))
    mkdirSync(path.join(dir, "node_modules/@medusajs"), { recursive: true })
    mkdirSync(path.join(dir, "node_modules/@types"), { recursive: true })
    symlinkSync(KIT, path.join(dir, "node_modules/medusa-plugin-omnichannel-storefront"))
    for (const dep of ["@medusajs/js-sdk", "@medusajs/types", "react", "@types/react", "csstype"]) {
      symlinkSync(path.join(ROOT, "node_modules", dep), path.join(dir, "node_modules", dep))
    }
    writeFileSync(path.join(dir, "index.ts"), STOREFRONT_CODE)
  })
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  it.each(["node", "bundler"] as const)("resolve with moduleResolution %s", (resolution) => {
    expect(diagnostics(dir, resolution)).toEqual([])
  })

  it("would say so if an entry did not resolve", () => {
    writeFileSync(path.join(dir, "missing.ts"), `import { Nope } from "medusa-plugin-omnichannel-storefront/nope"\nexport const x = Nope\n`)
    writeFileSync(path.join(dir, "index.ts"), STOREFRONT_CODE + `export * from "./missing"\n`)
    expect(diagnostics(dir, "bundler").join(" ")).toMatch(/medusa-plugin-omnichannel-storefront\/nope/)
    writeFileSync(path.join(dir, "index.ts"), STOREFRONT_CODE)
  })
})
