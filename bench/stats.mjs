// What the benchmarks share: the median of samples and milliseconds rounded for the reports.
/** The median of `samples` (the mean of the two middle values for an even count). */
export const median = (samples) => {
  const sorted = [...samples].sort((a, b) => a - b);
  return (sorted[(sorted.length - 1) >> 1] + sorted[sorted.length >> 1]) / 2;
};

/** Milliseconds with three decimals, as the reports print them. */
export const ms = (x) => +x.toFixed(3);
