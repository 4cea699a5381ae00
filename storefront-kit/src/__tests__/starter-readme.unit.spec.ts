import { readFileSync } from "node:fs"
import path from "node:path"
import { glueBlocks } from "../../../integration-tests/nextjs-storefront/glue"

const README = readFileSync(path.resolve(__dirname, "../../../README.md"), "utf8")

/** The code blocks of the README's section "In Medusa's Next.js starter", each as its trimmed non-blank lines. */
function starterSectionBlocks(): string[][] {
  const section = README.split(/^## /m).find((s) => s.startsWith("In Medusa's Next.js starter"))
  if (!section) throw new Error('README has no section "In Medusa\'s Next.js starter"')
  const blocks: string[][] = []
  let open: string[] | null = null
  for (const line of section.split("\n")) {
    if (/^\s*```/.test(line)) {
      if (open) blocks.push(open)
      open = open ? null : []
    } else if (open && line.trim()) open.push(line.trim())
  }
  return blocks
}

// The Next.js suite (npm run test:nextjs) pays with the app's glue; a starter user copies the
// README's. They must be the same lines, and the README must show no line the suite does not run.
describe('README "In Medusa\'s Next.js starter"', () => {
  const readme = starterSectionBlocks()
  const glue = glueBlocks()

  it.each(glue.map((b) => [`${b.file} (${b.name})`, b] as const))("quotes the app's glue %s as it stands", (_name, block) => {
    const lines = block.lines.map((l) => l.trim())
    expect(readme).toContainEqual(lines)
  })

  it("shows nothing else, and the glue is at most 40 lines", () => {
    const glueLines = glue.reduce((n, b) => n + b.lines.length, 0)
    expect(readme.reduce((n, b) => n + b.length, 0)).toBe(glueLines)
    expect(glueLines).toBeLessThanOrEqual(40)
  })
})
