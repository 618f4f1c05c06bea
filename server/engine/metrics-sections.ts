/**
 * Prometheus families that command groups add to GET /metrics (the live subscriptions' counts, for
 * one), so the gateway that renders /metrics needs to know no group: a group registers a section
 * when its module loads, as INFO fields are registered (info.ts).
 */
import type { Engine } from './engine.ts';

/** The exposition writer /metrics hands to each section. */
export interface MetricsOut {
  head(name: string, type: string, help: string): void;
  /** A metric with one unlabelled sample. */
  single(name: string, type: string, help: string, v: number): void;
  sample(name: string, labels: Record<string, string> | null, v: number): void;
}

export type MetricsSection = (e: Engine, o: MetricsOut) => void;

const sections: MetricsSection[] = [];

export function addMetricsSection(fn: MetricsSection): void {
  sections.push(fn);
}

export function writeMetricsSections(e: Engine, o: MetricsOut): void {
  for (const s of sections) s(e, o);
}
