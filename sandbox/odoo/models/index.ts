import type { ModelDef } from '../orm/types';
import type { VersionProfile } from '../versions';
import { baseModels } from './base';
import { productModels } from './product';
import { purchaseModels } from './purchase';
import { saleModels } from './sale';
import { stockModels } from './stock';
import { uomModels } from './uom';

/** Every model the sandbox serves, shaped for one Odoo version. */
export function allModels(profile: VersionProfile): ModelDef[] {
  return [
    ...baseModels(profile),
    ...uomModels(profile),
    ...productModels(profile),
    ...stockModels(profile),
    ...purchaseModels(profile),
    ...saleModels(profile),
  ];
}
