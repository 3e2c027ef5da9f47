/** What a method returns when Odoo would return a recordset: JSON-2 sends `ids`, RPC `create` with a dict sends one id. */
export class RecordSet {
  constructor(
    readonly model: string,
    readonly ids: number[],
    /** create() was given one dict instead of a list. */
    readonly single = false,
  ) {}
}
