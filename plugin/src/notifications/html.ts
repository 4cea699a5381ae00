/** Text for an HTML body: every value a template shows passes through here. */
export function escapeHtml(value: unknown): string {
  return String(value ?? "")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;")
}

/** One line for a subject header: no line breaks a value could smuggle in. */
export function oneLine(value: string): string {
  return value.replace(/[\r\n]+/g, " ").trim()
}

/** A UTC date and time as people read it ("2026-11-28 14:05 UTC"); the same in every mailbox. */
export function formatDateTime(value: string | Date): string {
  const date = new Date(value)
  return Number.isNaN(date.getTime()) ? String(value) : `${date.toISOString().slice(0, 16).replace("T", " ")} UTC`
}

/** Rows of label / value pairs, values escaped. */
export function htmlTable(rows: [string, string][]): string {
  const cells = rows
    .map(([label, value]) => `<tr><td style="padding:4px 12px 4px 0;color:#555">${escapeHtml(label)}</td><td style="padding:4px 0">${escapeHtml(value)}</td></tr>`)
    .join("")
  return `<table style="border-collapse:collapse">${cells}</table>`
}

/** The HTML body around already escaped parts. */
export function htmlDocument(title: string, parts: string[]): string {
  return (
    `<!doctype html><html><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head>` +
    `<body style="font-family:Arial,Helvetica,sans-serif;font-size:14px;color:#111">` +
    parts.join("") +
    `</body></html>`
  )
}
