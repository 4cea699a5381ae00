/**
 * The Medusa releases the plugin's peer range covers, read from the registry at test time, and
 * whether an installed store gave the plugin peers inside its ranges.
 */
import assert from "node:assert/strict"
import { existsSync, readFileSync } from "node:fs"
import path from "node:path"
import { sh } from "./store"

type Version = [number, number, number]

function stable(version: string): Version | undefined {
  const m = /^(\d+)\.(\d+)\.(\d+)$/.exec(version)
  return m ? [Number(m[1]), Number(m[2]), Number(m[3])] : undefined
}

function compare(a: Version, b: Version) {
  return a[0] - b[0] || a[1] - b[1] || a[2] - b[2]
}

/**
 * `^x.y.z` (x above 0) as npm reads it: the same major, not below x.y.z, no prerelease. The
 * peers are all written that way; any other form fails here, so it gets a look before it counts.
 */
export function satisfiesCaret(version: string, range: string): boolean {
  const low = stable(/^\^(\S+)$/.exec(range)?.[1] ?? "")
  assert.ok(low && low[0] > 0, `peer range "${range}" is not ^x.y.z with x > 0: the packaging test reads no other form`)
  const v = stable(version)
  return !!v && v[0] === low[0] && compare(v, low) >= 0
}

/** Lowest and highest stable release of a package inside a range, as the registry lists them now. */
export async function releasesInRange(pkg: string, range: string) {
  const out = await sh("releases", `npm view ${pkg} versions --json --prefer-online`, process.cwd())
  const versions = (JSON.parse(out) as string[]).filter((v) => stable(v) && satisfiesCaret(v, range))
  assert.ok(versions.length, `no release of ${pkg} on the registry satisfies ${range}`)
  versions.sort((a, b) => compare(stable(a)!, stable(b)!))
  return { lowest: versions[0], highest: versions[versions.length - 1] }
}

/** The version Node would load for `name` from `fromDir`, walking up node_modules as require does. */
export function installedVersion(name: string, fromDir: string): string | undefined {
  for (let d = fromDir; d !== path.dirname(d); d = path.dirname(d)) {
    const pkg = path.join(d, "node_modules", name, "package.json")
    if (existsSync(pkg)) return JSON.parse(readFileSync(pkg, "utf8")).version
  }
  return undefined
}

/**
 * The store's own install of the tarball: npm reported no peer conflict, the store runs the
 * Medusa release it asked for, and every peer the plugin sees (optional ones when present) is
 * inside the plugin's range.
 */
export function assertPeersInRange(storeDir: string, medusaVersion: string, installOutput: string) {
  const conflicts = installOutput.split("\n").filter((l) => /ERESOLVE|peer dep|conflicting peer|Could not resolve/i.test(l))
  assert.deepEqual(conflicts, [], "npm reported peer trouble installing the plugin")
  for (const name of ["@medusajs/medusa", "@medusajs/framework", "@medusajs/cli", "@medusajs/admin-sdk"]) {
    assert.equal(installedVersion(name, storeDir), medusaVersion, `the store runs ${name} ${installedVersion(name, storeDir)}, not ${medusaVersion}`)
  }
  const pluginDir = path.join(storeDir, "node_modules/medusa-plugin-omnichannel")
  const pkg = JSON.parse(readFileSync(path.join(pluginDir, "package.json"), "utf8"))
  const seen: string[] = []
  for (const [name, range] of Object.entries<string>(pkg.peerDependencies ?? {})) {
    const version = installedVersion(name, pluginDir)
    if (!version && pkg.peerDependenciesMeta?.[name]?.optional) continue
    assert.ok(version, `peer ${name} is not installed`)
    assert.ok(satisfiesCaret(version, range), `peer ${name} ${version} is outside the plugin's range ${range}`)
    seen.push(`${name}@${version}`)
  }
  console.log(`  Medusa ${medusaVersion}: the plugin's peers ${seen.join(", ")}`)
}
