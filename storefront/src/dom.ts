type Attr = string | number | boolean | null | undefined | ((event: Event) => void)
type Child = Node | string | number | null | undefined | false

/** A tiny element builder: `on*` attributes are listeners, `testid` is data-testid, `value`/`checked` are properties. */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, Attr> = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag)
  for (const [key, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue
    if (typeof value === "function") el.addEventListener(key.slice(2).toLowerCase(), value)
    else if (key === "testid") el.dataset.testid = String(value)
    else if (key === "value" || key === "checked") (el as unknown as Record<string, unknown>)[key] = value
    else el.setAttribute(key, value === true ? "" : String(value))
  }
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue
    el.append(child instanceof Node ? child : String(child))
  }
  return el
}

/** Medusa's store prices are major units (15 = 15.00 EUR). */
export function money(amount: number | null | undefined, currency: string): string {
  return new Intl.NumberFormat("en-GB", { style: "currency", currency: currency.toUpperCase() }).format(Number(amount ?? 0))
}

/** Reads a form's named fields as strings. */
export function fields(form: HTMLFormElement): Record<string, string> {
  return Object.fromEntries([...new FormData(form).entries()].map(([k, v]) => [k, String(v)]))
}
