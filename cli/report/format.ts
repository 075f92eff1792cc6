import { CRITERIA, type CriterionId } from './criteria';

// how figures read in the Markdown report and in the decision's reasons.

const UNITS = new Map(CRITERIA.map((c) => [c.id, c.unit]));

export function percent(value: number): string {
  // enough digits to tell 99.9 % from 99.93 %, and 0.1 % from 0.099 %
  return `${Number((value * 100).toPrecision(6))}%`;
}

export function ms(value: number): string {
  return `${Number(value.toPrecision(6))} ms`;
}

export function bytes(value: number): string {
  return `${Number((value / 2 ** 20).toPrecision(5))} MiB`;
}

export function cores(value: number): string {
  return `${Number(value.toPrecision(4))} cores`;
}

export function formatValue(id: CriterionId, value: number | null): string {
  if (value === null) return 'NO DATA';
  const unit = UNITS.get(id);
  if (unit === 'percent') return percent(value);
  if (unit === 'ms') return ms(value);
  return String(value);
}
