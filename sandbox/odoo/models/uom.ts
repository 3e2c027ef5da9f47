import { active, char, defineModel, float, many2one, selection } from '../orm/fields';
import type { ModelDef } from '../orm/types';
import type { VersionProfile } from '../versions';

const UOM_TYPES = [
  ['bigger', 'Bigger than the reference Unit of Measure'],
  ['reference', 'Reference Unit of Measure for this category'],
  ['smaller', 'Smaller than the reference Unit of Measure'],
] as const;

/** 16-18: uom.category + factor/uom_type; 19+: no category, a tree of units with relative_uom_id/relative_factor. */
export function uomModels(profile: VersionProfile): ModelDef[] {
  const models: ModelDef[] = [];
  if (profile.uomCategory) {
    models.push(
      defineModel({ name: 'uom.category', description: 'Product UoM Categories', fields: { name: char('Unit of Measure Category', { required: true }) } }),
    );
  }
  models.push(
    defineModel({
      name: 'uom.uom',
      description: 'Product Unit of Measure',
      fields: {
        name: char('Unit of Measure', { required: true }),
        category_id: profile.uomCategory && many2one('uom.category', 'Category', { required: true, ondelete: 'restrict' }),
        uom_type: profile.uomCategory && selection(UOM_TYPES, 'Type', { default: 'reference' }),
        factor: float('Ratio', { default: 1, aggregator: undefined }),
        rounding: float('Rounding Precision', { default: 0.01, aggregator: undefined }),
        relative_uom_id: !profile.uomCategory && many2one('uom.uom', 'Reference Unit', { ondelete: 'cascade' }),
        relative_factor: !profile.uomCategory && float('Contains', { default: 1, required: true, aggregator: undefined }),
        active: active(),
      },
      parentField: profile.uomCategory ? undefined : 'relative_uom_id',
    }),
  );
  return models;
}
