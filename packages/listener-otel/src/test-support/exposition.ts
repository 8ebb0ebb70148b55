// The OpenTelemetry Prometheus exporter behind a loopback HTTP server, as an application would
// serve it, and a parser that turns exposition text into comparable series.
import { createServer, type Server } from 'node:http';
import { type ExporterConfig, PrometheusExporter } from '@opentelemetry/exporter-prometheus';
import { MeterProvider } from '@opentelemetry/sdk-metrics';

export interface ExporterServer {
  readonly provider: MeterProvider;
  /** host:port, for a scrape config. */
  readonly target: string;
  /** How many times /metrics was served. */
  scrapes(): number;
  /** GET /metrics, as Prometheus would. */
  scrape(): Promise<string>;
  close(): Promise<void>;
}

/** A MeterProvider read by a PrometheusExporter that a server on 127.0.0.1 serves at /metrics. */
export async function startExporterServer(config: ExporterConfig = {}): Promise<ExporterServer> {
  const exporter = new PrometheusExporter({ ...config, preventServerStart: true });
  const provider = new MeterProvider({ readers: [exporter] });
  let scrapes = 0;
  const server: Server = createServer((req, res) => {
    if (req.url !== '/metrics') {
      res.writeHead(404).end();
      return;
    }
    scrapes++;
    exporter.getMetricsRequestHandler(req, res);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const address = server.address();
  const port = address !== null && typeof address === 'object' ? address.port : 0;
  const target = `127.0.0.1:${port}`;
  return {
    provider,
    target,
    scrapes: () => scrapes,
    async scrape() {
      const response = await fetch(`http://${target}/metrics`);
      if (!response.ok) throw new Error(`scrape failed: HTTP ${response.status}`);
      return response.text();
    },
    async close() {
      await provider.shutdown();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** One exposition: series (`name{label="value",...}`, labels sorted) and metadata by family. */
export interface Exposition {
  readonly series: Map<string, number>;
  readonly help: Map<string, string>;
  readonly type: Map<string, string>;
  readonly unit: Map<string, string>;
}

const SAMPLE = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})?\s+(\S+)(?:\s+\d+)?$/;
const LABEL = /([a-zA-Z_]\w*)="((?:[^"\\]|\\.)*)"/g;

/** Parses Prometheus text exposition; `dropLabels` are left out of every series' key. */
export function parseExposition(text: string, dropLabels: readonly string[] = []): Exposition {
  const exposition: Exposition = {
    series: new Map(),
    help: new Map(),
    type: new Map(),
    unit: new Map(),
  };
  for (const line of text.split('\n')) {
    const meta = /^# (HELP|TYPE|UNIT) (\S+) (.*)$/.exec(line);
    if (meta) {
      const [, kind, family, value] = meta;
      exposition[kind!.toLowerCase() as 'help' | 'type' | 'unit'].set(family!, value!);
      continue;
    }
    if (line === '' || line.startsWith('#')) continue;
    const sample = SAMPLE.exec(line);
    if (!sample) throw new Error(`not an exposition line: ${line}`);
    const [, name, labelText = '', value] = sample;
    const labels = [...labelText.matchAll(LABEL)]
      .filter(([, label]) => !dropLabels.includes(label!))
      .map(([, label, labelValue]) => `${label}="${labelValue}"`)
      .sort();
    exposition.series.set(`${name}{${labels.join(',')}}`, Number(value));
  }
  return exposition;
}
