/**
 * What `npm pack` puts in the packages: the dry run's listing goes into the log as npm prints
 * it, and the checks read the real tarball (the one the stores install), unpacked.
 */
import assert from "node:assert/strict"
import { execFileSync } from "node:child_process"
import { mkdirSync, readFileSync } from "node:fs"
import path from "node:path"
import type { Check } from "../helpers/checks"
import { sh } from "./store"

export type Packed = { label: string; tarball: string; unpacked: string; files: string[] }

export async function pack(label: string, packageDir: string, work: string): Promise<Packed> {
  const dryRun = await sh(`${label}-pack-dry-run`, "npm pack --dry-run", packageDir)
  console.log(dryRun.trimEnd().replace(/^/gm, "    "))
  const dest = path.join(work, `pack-${label}`)
  mkdirSync(dest, { recursive: true })
  const out = await sh(`${label}-pack`, `npm pack --silent --pack-destination ${dest}`, packageDir)
  const tarball = path.join(dest, out.trim().split("\n").pop()!)
  const files = execFileSync("tar", ["-tzf", tarball], { encoding: "utf8" })
    .split("\n")
    .filter((f) => f && !f.endsWith("/"))
    .map((f) => f.replace(/^package\//, ""))
  const unpacked = path.join(dest, "unpacked")
  mkdirSync(unpacked)
  execFileSync("tar", ["-xzf", tarball, "-C", unpacked])
  return { label, tarball, unpacked: path.join(unpacked, "package"), files }
}

function assertHolds(p: Packed, wanted: string[]) {
  const missing = wanted.filter((f) => !p.files.includes(f))
  assert.deepEqual(missing, [], `${p.label}'s tarball lacks ${missing.join(", ")}`)
}

/** Tests, TypeScript sources, source maps (files or inline) and our test folders: none is needed by a store. */
function assertLeavesOut(p: Packed) {
  const unneeded = p.files.filter(
    (f) =>
      /(^|\/)(__tests__|integration-tests|e2e)\//.test(f) ||
      /\.(spec|test)\.[cm]?[jt]sx?$/.test(f) ||
      /\.map$/.test(f) ||
      (/\.tsx?$/.test(f) && !f.endsWith(".d.ts"))
  )
  assert.deepEqual(unneeded.slice(0, 20), [], `${p.label}'s tarball holds ${unneeded.length} file(s) it does not need`)
  const inlineMaps = p.files.filter((f) => /\.[cm]?js$/.test(f) && /sourceMappingURL=data:/.test(readFileSync(path.join(p.unpacked, f), "utf8")))
  assert.deepEqual(
    inlineMaps.slice(0, 5),
    [],
    `${inlineMaps.length} of ${p.label}'s ${p.files.filter((f) => /\.[cm]?js$/.test(f)).length} JS files carry an inline source map`
  )
}

export function packChecks(plugin: Packed, kit?: Packed): Check[] {
  const checks: Check[] = [
    {
      name: "plugin tarball: README, server code (module, provider, pos-client), admin bundle (index.js, index.mjs), OpenAPI",
      run: async () => {
        assertHolds(plugin, [
          "package.json",
          "README.md",
          ".medusa/server/src/modules/omnichannel/index.js",
          ".medusa/server/src/providers/omnichannel/index.js",
          ".medusa/server/src/pos-client/index.js",
          ".medusa/server/src/admin/index.js",
          ".medusa/server/src/admin/index.mjs",
          "openapi/pos.openapi.json",
        ])
        assert.match(readFileSync(path.join(plugin.unpacked, "README.md"), "utf8"), /^# medusa-plugin-omnichannel\n/, "the packed README is not the plugin's own")
      },
    },
    {
      name: "plugin tarball: no tests, TypeScript sources or source maps (.map files or inline) of ours",
      run: async () => assertLeavesOut(plugin),
    },
  ]
  if (kit) {
    checks.push({
      name: "storefront kit tarball: README, dist/index.d.ts, dist/react/index.d.ts; no tests, TypeScript sources or source maps",
      run: async () => {
        assertHolds(kit, ["package.json", "README.md", "dist/index.js", "dist/index.d.ts", "dist/react/index.js", "dist/react/index.d.ts"])
        assertLeavesOut(kit)
      },
    })
  }
  return checks
}
