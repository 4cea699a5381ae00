/**
 * Reads the README's "Install the plugin into an existing Medusa store" section as steps a
 * merchant would take, in order: each shell line of a ```bash block is a command; a ```ts
 * block that opens with `// <file name>` is that file, whole.
 */
export type InstallStep = { kind: "command"; command: string } | { kind: "file"; path: string; content: string }

export const INSTALL_SECTION = "## Install the plugin into an existing Medusa store"

export function readInstallSection(readme: string): InstallStep[] {
  const start = readme.indexOf(INSTALL_SECTION)
  if (start < 0) throw new Error(`README.md has no section "${INSTALL_SECTION}"`)
  const rest = readme.slice(start + INSTALL_SECTION.length)
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
