import type { ReactNode } from "react"

export const metadata = { title: "Omnichannel Next.js storefront (test)" }

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body style={{ fontFamily: "system-ui, sans-serif", maxWidth: 720, margin: "24px auto", padding: "0 16px" }}>{children}</body>
    </html>
  )
}
