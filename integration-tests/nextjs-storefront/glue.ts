/**
 * The merchant's glue in ./app: the lines between `omnichannel-glue:start <name>` and
 * `omnichannel-glue:end` markers (`//` comments, or `{/* … *\/}` inside JSX), which the README
 * quotes. Everything else in the app stands in for Medusa's starter.
 */
import { readdirSync, readFileSync } from "node:fs"
import path from "node:path"

const APP = path.join(__dirname, "app", "src")
const START = /^\s*(?:\/\/|\{\/\*)\s*omnichannel-glue:start\s+(.+?)\s*(?:\*\/\})?\s*$/
const END = /^\s*(?:\/\/|\{\/\*)\s*omnichannel-glue:end\b/

export type GlueBlock = { file: string; name: string; lines: string[] }

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(path.join(dir, e.name)) : /\.tsx?$/.test(e.name) ? [path.join(dir, e.name)] : []
  )
}

export function glueBlocks(): GlueBlock[] {
  const blocks: GlueBlock[] = []
  for (const file of sources(APP).sort()) {
    let open: GlueBlock | null = null
    for (const line of readFileSync(file, "utf8").split("\n")) {
      const start = START.exec(line)
      if (start) {
        if (open) throw new Error(`${file}: glue "${open.name}" is not closed before "${start[1]}"`)
        open = { file: path.relative(path.join(__dirname, "app"), file), name: start[1], lines: [] }
      } else if (END.test(line)) {
        if (!open) throw new Error(`${file}: omnichannel-glue:end without a start`)
        blocks.push(open)
        open = null
      } else if (open && line.trim()) open.lines.push(line)
    }
    if (open) throw new Error(`${file}: glue "${open.name}" is not closed`)
  }
  return blocks
}

/** Lines of glue per file (blank lines and the markers not counted). */
export function glueLinesPerFile(): Record<string, number> {
  const counts: Record<string, number> = {}
  for (const b of glueBlocks()) counts[b.file] = (counts[b.file] ?? 0) + b.lines.length
  return counts
}

if (require.main === module) {
  const counts = glueLinesPerFile()
  for (const [file, n] of Object.entries(counts)) console.log(`${String(n).padStart(3)}  ${file}`)
  console.log(`${String(Object.values(counts).reduce((a, b) => a + b, 0)).padStart(3)}  in ${Object.keys(counts).length} files`)
}
