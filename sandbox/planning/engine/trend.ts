/**
 * Trend test used to move smooth items from SES to Holt: an ordinary least-squares line over the last
 * `window` weeks (at least 8 weeks needed). A trend counts when the slope's t statistic is at least 2
 * (about 95 % two-sided) and the fitted change over the window is at least `minRelativeChange` of the
 * mean, so a statistically certain but commercially tiny slope on very steady demand stays with SES.
 */
export function hasTrend(values: readonly number[], window = 52, minRelativeChange = 0.2): boolean {
  const n = Math.min(values.length, window);
  if (n < 8) return false;
  const start = values.length - n;
  const xMean = (n - 1) / 2;
  let yMean = 0;
  for (let i = 0; i < n; i++) yMean += values[start + i] / n;
  if (yMean <= 0) return false;
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < n; i++) {
    sxy += (i - xMean) * (values[start + i] - yMean);
    sxx += (i - xMean) ** 2;
  }
  const slope = sxy / sxx;
  let sse = 0;
  for (let i = 0; i < n; i++) {
    const residual = values[start + i] - (yMean + slope * (i - xMean));
    sse += residual * residual;
  }
  const se = Math.sqrt(sse / (n - 2) / sxx);
  const tStat = se > 0 ? Math.abs(slope) / se : slope !== 0 ? Infinity : 0;
  return tStat >= 2 && Math.abs(slope) * (n - 1) >= minRelativeChange * yMean;
}
