import { PrometheusExporter, PrometheusSerializer } from "@opentelemetry/exporter-prometheus"
import { MeterProvider } from "@opentelemetry/sdk-metrics"
import { useMeter } from "./instruments"

type PrometheusState = { exporter: PrometheusExporter | null; provider: MeterProvider | null }

function state(): PrometheusState {
  const key = Symbol.for("medusa-plugin-omnichannel.prometheus")
  const g = globalThis as unknown as Record<symbol, PrometheusState>
  return (g[key] ??= { exporter: null, provider: null })
}

/**
 * Switches the plugin's metrics on: its own OpenTelemetry MeterProvider with a Prometheus
 * reader that the store's metrics route serves (no second port to open). Once per process.
 */
export function enablePrometheusMetrics() {
  const s = state()
  if (s.provider) return
  s.exporter = new PrometheusExporter({ preventServerStart: true })
  s.provider = new MeterProvider({ readers: [s.exporter] })
  useMeter(s.provider.getMeter("medusa-plugin-omnichannel"))
}

export function prometheusMetricsEnabled(): boolean {
  return state().exporter !== null
}

/**
 * The current figures in Prometheus' text format (0.0.4), and what could not be read (a
 * gauge whose ledger query failed): the rest is still worth serving.
 */
export async function scrapePrometheusMetrics(): Promise<{ text: string; errors: unknown[] }> {
  const exporter = state().exporter
  if (!exporter) throw new Error("metrics are not enabled")
  const { resourceMetrics, errors } = await exporter.collect()
  return { text: new PrometheusSerializer(undefined, false, undefined, true, true).serialize(resourceMetrics), errors }
}
