/**
 * /metrics read back through a Prometheus text-format parser (parse-prometheus-text-format, a port of Prometheus's
 * own Go parser: it throws on malformed exposition), into families and samples a test can query.
 */
import { createRequire } from 'node:module';

export interface Sample {
  labels: Record<string, string>;
  value: number;
}

export interface Family {
  name: string;
  help: string;
  type: 'COUNTER' | 'GAUGE' | 'HISTOGRAM' | 'SUMMARY' | 'UNTYPED';
  samples: Sample[];
}

interface ParsedFamily {
  name: string;
  help: string;
  type: Family['type'];
  metrics: Array<{ value?: string; labels?: Record<string, string>; buckets?: Record<string, string>; count?: string; sum?: string }>;
}

const parse = createRequire(import.meta.url)('parse-prometheus-text-format') as (text: string) => ParsedFamily[];

export function parseExposition(text: string): Map<string, Family> {
  const families = new Map<string, Family>();
  for (const family of parse(text)) {
    families.set(family.name, {
      name: family.name,
      help: family.help,
      type: family.type,
      samples: family.metrics.map((m) => ({ labels: m.labels ?? {}, value: Number(m.value ?? m.count ?? NaN) })),
    });
  }
  return families;
}

/** Samples of one family for one miner (by its `name` label). */
export function samplesOf(families: Map<string, Family>, family: string, name: string): Sample[] {
  return families.get(family)?.samples.filter((s) => s.labels.name === name) ?? [];
}

export function valueOf(families: Map<string, Family>, family: string, name: string): number | undefined {
  return samplesOf(families, family, name)[0]?.value;
}
