import { id, optionalQuantity, optionalText, positiveInteger, text, timestamp } from '../fields';

export const approvalDecisionV1 = {
  $id: 'urn:planbridge:approval_decision@1',
  title: 'approval_decision',
  description: "A planner's (or an auto-approval rule's) final decision on a recommendation.",
  type: 'object',
  additionalProperties: false,
  required: ['recommendation_id', 'plan_version', 'decision', 'decided_by', 'decided_at'],
  properties: {
    recommendation_id: id('The recommendation decided on'),
    plan_version: positiveInteger('Plan version of the recommendation'),
    decision: { enum: ['approved', 'edited', 'rejected', 'expired'], description: 'edited means approved with a changed quantity' },
    approved_qty: { ...optionalQuantity('Quantity to execute, in the stock unit; null when rejected or expired'), minimum: 0 },
    reason_code: optionalText('Why, for rejections and edits (e.g. overstock, supplier_issue)'),
    note: optionalText('Free text from the planner'),
    decided_by: text('User name of the planner, or "rule:<rule id>" for auto-approval'),
    decided_at: timestamp('When the decision was made'),
    auto: { type: 'boolean', description: 'True when an auto-approval rule decided' },
  },
  allOf: [
    {
      if: { properties: { decision: { enum: ['approved', 'edited'] } } },
      then: { required: ['approved_qty'], properties: { approved_qty: { type: 'number' } } },
    },
  ],
  examples: [
    {
      recommendation_id: 'REC-2026-11-26-000017',
      plan_version: 1,
      decision: 'edited',
      approved_qty: 2500,
      reason_code: 'budget',
      note: 'Half a pallet less until the December review',
      decided_by: 'anna.planner',
      decided_at: '2026-11-26T08:41:12Z',
      auto: false,
    },
  ],
} as const;
