/**
 * A small, bounded load runner: `concurrency` clients each send requests one after another
 * until `requests` have been sent or `maxSeconds` have passed. Loopback only.
 */
export interface LoadResult {
  name: string;
  requests: number;
  errors: number;
  seconds: number;
  requestsPerSecond: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
}

export interface LoadOptions {
  name: string;
  url: (index: number) => string;
  headers?: Record<string, string>;
  requests: number;
  concurrency: number;
  maxSeconds: number;
  expectStatus?: number;
}

function percentile(sorted: number[], fraction: number): number {
  if (sorted.length === 0) return Number.NaN;
  const index = Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1);
  return sorted[Math.max(0, index)] ?? Number.NaN;
}

export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const latencies: number[] = [];
  let errors = 0;
  let sent = 0;
  const started = performance.now();
  const deadline = started + options.maxSeconds * 1000;
  const expected = options.expectStatus ?? 200;

  async function client(): Promise<void> {
    while (sent < options.requests && performance.now() < deadline) {
      const index = sent;
      sent += 1;
      const begin = performance.now();
      try {
        const response = await fetch(options.url(index), { headers: options.headers, redirect: 'manual' });
        await response.arrayBuffer();
        if (response.status !== expected) errors += 1;
      } catch {
        errors += 1;
      }
      latencies.push(performance.now() - begin);
    }
  }

  await Promise.all(Array.from({ length: options.concurrency }, () => client()));
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const round = (value: number) => Math.round(value * 100) / 100;
  return {
    name: options.name,
    requests: latencies.length,
    errors,
    seconds: round(seconds),
    requestsPerSecond: round(latencies.length / seconds),
    p50Ms: round(percentile(latencies, 0.5)),
    p95Ms: round(percentile(latencies, 0.95)),
    p99Ms: round(percentile(latencies, 0.99)),
  };
}
