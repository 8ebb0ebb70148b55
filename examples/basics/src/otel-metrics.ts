// The same breaker metrics through OpenTelemetry: the SDK's MeterProvider is registered as the
// global one first, so `new OtelListener({ name })` needs nothing else, and the Prometheus
// exporter serves series with the names listener-prometheus uses (its Grafana dashboard works
// unchanged). An OTLP exporter would receive the same instruments.
import { createServer } from 'node:http';
import { CircuitBreaker, FailureStreak } from '@fluxgate/core';
import { OtelListener } from '@fluxgate/listener-otel';
import { metrics } from '@opentelemetry/api';
import { PrometheusExporter } from '@opentelemetry/exporter-prometheus';
import { MeterProvider } from '@opentelemetry/sdk-metrics';

// 1. OpenTelemetry set-up, as the application does it once at start-up.
const exporter = new PrometheusExporter({ preventServerStart: true });
const provider = new MeterProvider({ readers: [exporter] });
metrics.setGlobalMeterProvider(provider);

// 2. A breaker with the listener (after the provider is registered: the listener reads it now).
const inventory = new CircuitBreaker({
  tripper: new FailureStreak(3),
  listeners: [new OtelListener({ name: 'inventory' })],
});
let stock = 0;
const lookUp = (failing: boolean) => () => {
  if (failing) throw new Error('inventory service down');
  return ++stock;
};
for (let i = 0; i < 8; i++) {
  try {
    inventory.call(lookUp(i >= 4));
  } catch {
    // the failure or the rejection is this example's point, not an error
  }
}

// 3. Serve /metrics (here on a free loopback port) and read it as Prometheus would.
const server = createServer((req, res) => exporter.getMetricsRequestHandler(req, res));
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const { port } = server.address() as { port: number };
const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
for (const line of text.split('\n')) {
  if (/^circuit_breaker_(state\{.*\} 1|calls_total|state_transition_total)/.test(line)) {
    console.log(line.replace(/,otel_scope_name="[^"]*",otel_scope_version="[^"]*"/, ''));
  }
}
server.close();
await provider.shutdown();
