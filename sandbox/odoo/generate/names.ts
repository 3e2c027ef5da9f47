import type { Rng } from '../prng';

/** Product families of a hardware/industrial distributor: a 3-letter code, sub-categories and item words. */
export const FAMILIES = [
  {
    code: 'FST',
    name: 'Fasteners',
    subs: ['Bolts', 'Nuts', 'Screws', 'Washers'],
    items: ['Hex Bolt', 'Carriage Bolt', 'Hex Nut', 'Lock Nut', 'Wood Screw', 'Machine Screw', 'Flat Washer', 'Spring Washer', 'Anchor', 'Rivet'],
    specs: ['M4x20', 'M5x30', 'M6x40', 'M8x40', 'M8x60', 'M10x50', 'M12x80', '4x40', '5x60', '6x80'],
  },
  {
    code: 'TLS',
    name: 'Hand Tools',
    subs: ['Pliers', 'Screwdrivers', 'Hammers', 'Wrenches'],
    items: [
      'Combination Pliers',
      'Side Cutter',
      'Screwdriver',
      'Claw Hammer',
      'Mallet',
      'Open-End Wrench',
      'Socket Set',
      'Utility Knife',
      'Tape Measure',
      'Spirit Level',
    ],
    specs: ['150 mm', '180 mm', '200 mm', 'PH2', 'SL5.5', '500 g', '13 mm', '17 mm', '5 m', '60 cm'],
  },
  {
    code: 'ELC',
    name: 'Electrical',
    subs: ['Cables', 'Switches', 'Lighting'],
    items: [
      'Installation Cable',
      'Extension Lead',
      'Wall Switch',
      'Socket Outlet',
      'LED Bulb',
      'LED Panel',
      'Cable Tie',
      'Junction Box',
      'Fuse',
      'Terminal Block',
    ],
    specs: ['3G1.5', '3G2.5', '10 m', '25 m', 'E27 9W', 'GU10 5W', '600x600', '200 mm', '16 A', '12-pole'],
  },
  {
    code: 'PLB',
    name: 'Plumbing',
    subs: ['Fittings', 'Valves', 'Pipes'],
    items: [
      'Compression Elbow',
      'Tee Fitting',
      'Ball Valve',
      'Check Valve',
      'Copper Pipe',
      'PVC Pipe',
      'Hose Clamp',
      'Sealing Tape',
      'Siphon',
      'Tap Connector',
    ],
    specs: ['15 mm', '22 mm', '28 mm', '1/2"', '3/4"', '1"', '2 m', '40 mm', '12 m', 'DN20'],
  },
  {
    code: 'PNT',
    name: 'Paint & Adhesives',
    subs: ['Paint', 'Adhesives', 'Sealants'],
    items: ['Wall Paint', 'Primer', 'Wood Stain', 'Contact Adhesive', 'Epoxy Glue', 'Silicone Sealant', 'Acrylic Sealant', 'Spray Paint', 'Varnish', 'Filler'],
    specs: ['1 L', '2.5 L', '5 L', '10 L', '250 ml', '310 ml', '400 ml', 'White', 'Grey', 'Clear'],
  },
  {
    code: 'SAF',
    name: 'Safety',
    subs: ['Gloves', 'Eye Protection', 'Workwear'],
    items: [
      'Work Gloves',
      'Nitrile Gloves',
      'Safety Glasses',
      'Face Shield',
      'Ear Plugs',
      'Dust Mask',
      'Hi-Vis Vest',
      'Safety Helmet',
      'Knee Pads',
      'First Aid Kit',
    ],
    specs: ['S', 'M', 'L', 'XL', 'FFP2', 'FFP3', 'EN166', 'EN388', 'Yellow', 'Orange'],
  },
  {
    code: 'GRD',
    name: 'Garden',
    subs: ['Watering', 'Tools', 'Soil'],
    items: ['Garden Hose', 'Hose Connector', 'Sprinkler', 'Pruning Shears', 'Rake', 'Spade', 'Potting Soil', 'Lawn Seed', 'Fertiliser', 'Planter'],
    specs: ['15 m', '25 m', '1/2"', '3/4"', '20 L', '40 L', '1 kg', '5 kg', '10 kg', '60 cm'],
  },
  {
    code: 'CLN',
    name: 'Cleaning',
    subs: ['Chemicals', 'Equipment'],
    items: ['All-Purpose Cleaner', 'Degreaser', 'Glass Cleaner', 'Microfibre Cloth', 'Mop Head', 'Bucket', 'Broom', 'Bin Bags', 'Hand Soap', 'Paper Towels'],
    specs: ['500 ml', '1 L', '5 L', '10 L', '40x40', '12 L', '60 L', '120 L', '6 rolls', '2-ply'],
  },
] as const;

const MATERIALS = ['Stainless', 'Galvanised', 'Heavy-Duty', 'Professional', 'Compact', 'Industrial', 'Eco', 'Premium', 'Standard', 'Basic'];

export function productName(rng: Rng, family: (typeof FAMILIES)[number]): string {
  return `${rng.pick(MATERIALS)} ${rng.pick(family.items)} ${rng.pick(family.specs)}`;
}

const SUPPLIER_WORDS = [
  'Acme',
  'Nordic',
  'Delta',
  'Benelux',
  'Rhein',
  'Atlas',
  'Orion',
  'Vector',
  'Summit',
  'Pioneer',
  'Apex',
  'Meridian',
  'Falcon',
  'Titan',
  'Lumen',
  'Unity',
];
const SUPPLIER_TRADES = ['Fasteners', 'Tools', 'Industrial Supply', 'Electro', 'Plumbing', 'Coatings', 'Safety', 'Garden Supply', 'Hygiene', 'Trading'];
const LEGAL = ['NV', 'BV', 'GmbH', 'SA', 'Ltd', 'SRL'];
const CUSTOMER_WORDS = [
  'Building',
  'Renovation',
  'Facility',
  'Construction',
  'Maintenance',
  'Installations',
  'Services',
  'Workshop',
  'Contractors',
  'Projects',
];
const TOWNS = ['Brussels', 'Antwerp', 'Ghent', 'Liège', 'Namur', 'Leuven', 'Mechelen', 'Bruges', 'Hasselt', 'Mons', 'Aalst', 'Charleroi'];

export function supplierName(rng: Rng, index: number): string {
  return `${rng.pick(SUPPLIER_WORDS)} ${rng.pick(SUPPLIER_TRADES)} ${rng.pick(LEGAL)} ${index}`;
}

export function customerName(rng: Rng, index: number): { name: string; city: string } {
  const city = rng.pick(TOWNS);
  return { name: `${city} ${rng.pick(CUSTOMER_WORDS)} ${index}`, city };
}

/** Warehouses of the generated distributor; codes are what Odoo uses as picking-name prefixes (BRU/IN/00001). */
export const WAREHOUSES = [
  { code: 'BRU', name: 'Brussels DC', city: 'Brussels' },
  { code: 'ANR', name: 'Antwerp Hub', city: 'Antwerp' },
  { code: 'GNT', name: 'Ghent Depot', city: 'Ghent' },
  { code: 'LGG', name: 'Liège Depot', city: 'Liège' },
  { code: 'NAM', name: 'Namur Depot', city: 'Namur' },
] as const;

/** EAN-13 with a valid check digit, in the 20-29 "in-store" prefix range so it never collides with real GTINs. */
export function ean13(index: number): string {
  const body = `20${String(index).padStart(10, '0')}`;
  let sum = 0;
  for (let i = 0; i < 12; i++) sum += Number(body[i]) * (i % 2 === 0 ? 1 : 3);
  return `${body}${(10 - (sum % 10)) % 10}`;
}
