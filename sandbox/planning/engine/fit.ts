/** A fitted forecasting model for one weekly series. */
export interface SeriesFit {
  method: 'ses' | 'holt' | 'croston_sba' | 'none';
  /** Expected demand h weeks after the last history week (h >= 1), never negative. */
  forecast(h: number): number;
  /** RMS of the one-step-ahead in-sample errors, in units per week. */
  sigma: number;
  /** sigma_h / sigma: how the error spreads with the horizon. */
  horizonFactor(h: number): number;
}

export const NO_FORECAST: SeriesFit = {
  method: 'none',
  forecast: () => 0,
  sigma: 0,
  horizonFactor: () => 1,
};
