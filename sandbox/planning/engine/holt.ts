import type { SeriesFit } from './fit';

/**
 * Holt's linear trend (additive, undamped) for erratic demand and for smooth demand with a detected trend.
 * Initialisation at t = 1: level l_1 = y_1, trend b_1 = (y_k - y_1) / (k - 1) with k = min(n, 4)
 * (0 when n = 1); updates run from t = 2 in error-correction form, so residuals are t = 2..n.
 */
export function fitHolt(values: readonly number[], alpha: number, beta: number): SeriesFit {
  const n = values.length;
  const k = Math.min(n, 4);
  let level = n > 0 ? values[0] : 0;
  let trend = k > 1 ? (values[k - 1] - values[0]) / (k - 1) : 0;
  let squares = 0;
  for (let t = 1; t < n; t++) {
    const error = values[t] - (level + trend);
    squares += error * error;
    level = level + trend + alpha * error;
    trend = trend + alpha * beta * error;
  }
  const sigma = n > 1 ? Math.sqrt(squares / (n - 1)) : 0;
  const lastLevel = level;
  const lastTrend = trend;
  return {
    method: 'holt',
    // Demand cannot be negative, so a falling trend bottoms out at zero instead of predicting returns.
    forecast: (h) => Math.max(0, lastLevel + h * lastTrend),
    sigma,
    // Var(h-step error) = sigma^2 (1 + sum_{j=1}^{h-1} alpha^2 (1 + j beta)^2) (ETS(A,A,N), beta* = alpha beta).
    horizonFactor: (h) => {
      let sum = 1;
      for (let j = 1; j < h; j++) sum += (alpha * (1 + j * beta)) ** 2;
      return Math.sqrt(sum);
    },
  };
}
