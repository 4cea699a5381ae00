import { defineRouteConfig } from "@medusajs/admin-sdk"
import { BuildingStorefront } from "@medusajs/icons"
import { DiscrepanciesSection, IngestionsSection, PendingPaymentsSection } from "../../components/activity-sections"
import { ChannelReport } from "../../components/channel-report"
import { ChainSearchSection } from "../../components/chain-search-section"
import { OperationsExportSection } from "../../components/operations-export-section"
import { ReconciliationSection } from "../../components/reconciliation-section"
import { HealthSection } from "../../components/health-section"
import { OfflineDeclinesSection } from "../../components/offline-declines-section"
import { TerminalsSection } from "../../components/terminals-section"

/** The merchant's view across channels: find a purchase, export, tills, what they sent, stock to check, and sales by channel. */
const OmnichannelPage = () => (
  <div className="flex flex-col gap-y-3" data-testid="omni-page">
    <ChainSearchSection />
    <OperationsExportSection />
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
