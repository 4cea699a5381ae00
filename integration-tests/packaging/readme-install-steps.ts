/**
 * Reads a README's install section (the repository's, or the one packed with the plugin) as
 * steps a merchant would take, in order: each shell line of a ```bash block is a command; a ```ts
 * block that opens with `// <file name>` is that file, whole.
 */
export type InstallStep = { kind: "command"; command: string } | { kind: "file"; path: string; content: string }

/** The repository's README.md. */
export const INSTALL_SECTION = "## Install the plugin into an existing Medusa store"
/** plugin/README.md, the one npm shows. */
export const PACKAGE_INSTALL_SECTION = "## Install into a Medusa store"

export function readInstallSection(readme: string, heading = INSTALL_SECTION): InstallStep[] {
  const start = readme.indexOf(heading)
  if (start < 0) throw new Error(`the README has no section "${heading}"`)
  const rest = readme.slice(start + heading.length)
  const section = rest.slice(0, rest.search(/^## /m) >= 0 ? rest.search(/^## /m) : undefined)

  const steps: InstallStep[] = []
  for (const [, lang, body] of section.matchAll(/^```(\w+)\n([\s\S]*?)^```$/gm)) {
    if (lang === "bash") {
      for (const line of body.split("\n")) {
        const command = line.replace(/\s+#.*$/, "").trim()
        if (command && !command.startsWith("#")) steps.push({ kind: "command", command })
      }
    } else if (lang === "ts") {
      const fileName = /^\/\/ ([\w.-]+\.ts)\n/.exec(body)?.[1]
      if (fileName) steps.push({ kind: "file", path: fileName, content: body })
    }
  }
  return steps
}
