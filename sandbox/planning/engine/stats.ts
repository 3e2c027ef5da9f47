/** Counters a plan reports; no timings, so two runs on the same input compare equal. */
export interface PlanStats {
  item_locations: number;
  planned: number;
  skipped: { unknown_item: number; inactive_item: number; location: number };
  classes: { smooth: number; erratic: number; intermittent: number; lumpy: number; none: number };
  methods: { ses: number; holt: number; croston_sba: number; none: number };
  recommendations: { purchase: number; transfer: number };
  no_supplier: number;
  defaulted_lead_time: number;
  forecasts: number;
  policies: number;
}

export function newStats(): PlanStats {
  return {
    item_locations: 0,
    planned: 0,
    skipped: { unknown_item: 0, inactive_item: 0, location: 0 },
    classes: { smooth: 0, erratic: 0, intermittent: 0, lumpy: 0, none: 0 },
    methods: { ses: 0, holt: 0, croston_sba: 0, none: 0 },
    recommendations: { purchase: 0, transfer: 0 },
    no_supplier: 0,
    defaulted_lead_time: 0,
    forecasts: 0,
    policies: 0,
  };
}
