import type { OdooRecord } from '../client/types';
import type { MappingContext } from './context';

/**
 * A translation from Odoo to one canonical contract. Either record-wise (`fields` + `mapPage`, for
 * the search node's own paging) or a whole extraction (`extract`), when a contract needs several
 * models at once (a stock snapshot sums quants per warehouse and adds what is in transit).
 */
export interface OdooMapper {
  contract: string;
  model: string;
  /** Fields to read for this Odoo version (and this database's optional fields). */
  fields(context: MappingContext): string[] | Promise<string[]>;
  /** Extra domain terms, e.g. only confirmed orders. */
  domain(context: MappingContext): unknown[];
  mapPage?(records: OdooRecord[], context: MappingContext): Promise<unknown[]>;
  extract?(context: MappingContext, pageSize: number, domain: unknown[]): AsyncGenerator<unknown[]>;
}
