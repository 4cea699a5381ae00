import { defineRouteConfig } from "@medusajs/admin-sdk"
import { BuildingStorefront } from "@medusajs/icons"
import { DiscrepanciesSection, IngestionsSection, PendingPaymentsSection } from "../../components/activity-sections"
import { ChannelReport } from "../../components/channel-report"
import { ReconciliationSection } from "../../components/reconciliation-section"
import { HealthSection } from "../../components/health-section"
import { OfflineDeclinesSection } from "../../components/offline-declines-section"
import { TerminalsSection } from "../../components/terminals-section"

/** The merchant's view across channels: tills, what they sent, stock to check, and sales by channel. */
const OmnichannelPage = () => (
  <div className="flex flex-col gap-y-3" data-testid="omni-page">
    <HealthSection />
    <TerminalsSection />
    <PendingPaymentsSection />
    <OfflineDeclinesSection />
    <ReconciliationSection />
    <IngestionsSection />
    <DiscrepanciesSection />
    <ChannelReport />
  </div>
)

export const config = defineRouteConfig({ label: "Omnichannel", icon: BuildingStorefront })

export default OmnichannelPage
