import type { LoaderOptions } from "@medusajs/framework/types"
import { enablePrometheusMetrics, readLedgerGaugesWith } from "../../../metrics"
import type { OmnichannelModuleOptions } from "../options"
import type { Health } from "../services/health"

/**
 * Metrics start with the module: the Prometheus reader when option `metrics.enabled` says
 * so (once per process), and the ledger gauges read through the Health service at each scrape.
 */
export default async function startMetrics({ container, options }: LoaderOptions<OmnichannelModuleOptions>) {
  if (options?.metrics?.enabled) enablePrometheusMetrics()
  readLedgerGaugesWith(() => container.resolve<Health>("health").readLedgerGauges())
}
