import { amount, currency, date, id, optionalDate, optionalText, quantity, sku, text, uom } from '../fields';

export const invoiceV1 = {
  $id: 'urn:planbridge:invoice@1',
  title: 'invoice',
  description: 'A supplier invoice (X12 810, EDIFACT INVOIC), matched against order and receipt.',
  type: 'object',
  additionalProperties: false,
  required: ['invoice_id', 'supplier', 'invoice_date', 'currency', 'lines', 'total_amount'],
  properties: {
    invoice_id: id('Invoice number'),
    supplier: text('Supplier code'),
    po_id: { ...id('Purchase order invoiced'), type: ['string', 'null'] },
    invoice_date: date('Invoice date'),
    due_date: optionalDate('Payment due date'),
    currency,
    interchange_ref: optionalText('EDI interchange control reference it came in'),
    lines: {
      type: 'array',
      minItems: 1,
      description: 'Invoiced lines',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['sku', 'quantity', 'uom', 'unit_price', 'amount'],
        properties: {
          line_id: { ...id('Line number'), type: ['string', 'null'] },
          po_line_id: { ...id('Purchase order line invoiced'), type: ['string', 'null'] },
          sku,
          quantity: quantity('Quantity invoiced'),
          uom,
          unit_price: amount('Price per stock unit'),
          amount: amount('Line amount before tax'),
        },
      },
    },
    tax_amount: { ...amount('Total tax'), type: ['number', 'null'] },
    total_amount: amount('Total before tax'),
  },
  examples: [
    {
      invoice_id: 'INV-2026-11873',
      supplier: 'SUP-WUERTH',
      po_id: 'P00231',
      invoice_date: '2026-11-27',
      due_date: '2026-12-27',
      currency: 'EUR',
      interchange_ref: '000000744',
      lines: [{ line_id: '1', po_line_id: '902', sku: 'BOLT-M8-40', quantity: 2000, uom: 'EA', unit_price: 0.15, amount: 300 }],
      tax_amount: 57,
      total_amount: 300,
    },
  ],
} as const;
