import { parseControlFile } from '../../../../sandbox/planning/files/control-file';
import { MalformedFileError, readDatasetCsv } from '../../../../sandbox/planning/files/csv-reader';
import { orderCsv, orderFileName } from '../../../../sandbox/planning/files/outbox';
import type { RecommendationRecord } from '../../../../sandbox/planning/contracts/types';

describe('dataset CSV reader', () => {
  it('types cells by the contract and turns empty cells into null or absence', async () => {
    const text =
      'sku,supplier,lead_time_days,lead_time_stddev_days,uom,moq,pack_size,unit_cost,currency,preferred,valid_to,updated_at,source.system,source.record_id\n' +
      'A,S1,12,,EA,500,100,0.15,EUR,TRUE,,2026-11-20T06:00:00Z,odoo,311\n' +
      'B,S2,,,EA,1,1,2.5,EUR,,,2026-11-20T06:00:00Z,odoo,\n';
    expect(await readDatasetCsv(text, 'item_supplier')).toEqual([
      {
        sku: 'A',
        supplier: 'S1',
        lead_time_days: 12,
        lead_time_stddev_days: null,
        uom: 'EA',
        moq: 500,
        pack_size: 100,
        unit_cost: 0.15,
        currency: 'EUR',
        preferred: true,
        valid_to: null,
        updated_at: '2026-11-20T06:00:00Z',
        source: { system: 'odoo', record_id: '311' },
      },
      {
        sku: 'B',
        supplier: 'S2',
        lead_time_days: null,
        lead_time_stddev_days: null,
        uom: 'EA',
        moq: 1,
        pack_size: 1,
        unit_cost: 2.5,
        currency: 'EUR',
        valid_to: null,
        updated_at: '2026-11-20T06:00:00Z',
        source: { system: 'odoo', record_id: null },
      },
    ]);
  });

  it('maps vendor columns and drops columns mapped to null', async () => {
    const text = '\uFEFFCode,Name,Whse,Kind,Active,Changed\nWH-BER,Berlin DC,x,warehouse,1,2026-11-20T06:00:00Z\n';
    const records = await readDatasetCsv(text, 'location', { Code: 'code', Name: 'name', Whse: null, Kind: 'type', Active: 'active', Changed: 'updated_at' });
    expect(records).toEqual([{ code: 'WH-BER', name: 'Berlin DC', type: 'warehouse', active: true, updated_at: '2026-11-20T06:00:00Z' }]);
  });

  it.each([
    ['', /empty file/],
    ['code,colour\nA,red\n', /unknown column "colour"/],
    ['code,name,type,active,updated_at\nW,n,warehouse,yes,2026-11-20T06:00:00Z\n', /"yes" is not a boolean/],
    ['code,name,type,active,updated_at\nW,n,shed,true,2026-11-20T06:00:00Z\n', /line 2 type: must be one of/],
    ['code,name,type,active,updated_at\nW,n,warehouse,true\n', /CSV syntax/],
    ['code,name,type,active,updated_at\nW,n,warehouse,true,2026-11-20 06:00\n', /updated_at: must be a UTC date-time/],
  ])('refuses malformed content %#', async (text, message) => {
    const read = readDatasetCsv(text, 'location');
    await expect(read).rejects.toThrow(MalformedFileError);
    await expect(read).rejects.toThrow(message);
  });
});

describe('control file', () => {
  it('lists files named <dataset>_<batchId>.csv with counts and versions', async () => {
    const text =
      'file,dataset,row_count,as_of,interface_version,sha256\nitem_B7.csv,item,3,2026-11-26T02:00:00Z,1,\nstock_snapshot_B7.csv,stock_snapshot,0,2026-11-26T02:00:00Z,1.2,\n';
    expect(await parseControlFile(text, 'B7')).toEqual([
      { file: 'item_B7.csv', dataset: 'item', row_count: 3, as_of: '2026-11-26T02:00:00Z', interface_version: '1', sha256: null },
      { file: 'stock_snapshot_B7.csv', dataset: 'stock_snapshot', row_count: 0, as_of: '2026-11-26T02:00:00Z', interface_version: '1.2', sha256: null },
    ]);
  });

  it.each([
    ['file,dataset\nitem_B7.csv,item\n', /lacks column row_count/],
    ['file,dataset,row_count,as_of,interface_version\n../item_B7.csv,item,1,2026-11-26T02:00:00Z,1\n', /must be named item_B7.csv/],
    ['file,dataset,row_count,as_of,interface_version\nitem_B7.csv,item,1,2026-11-26T02:00:00Z,2\n', /interface_version "2" is not supported/],
    ['file,dataset,row_count,as_of,interface_version\nitem_B7.csv,item,-1,2026-11-26T02:00:00Z,1\n', /row_count must be a whole number/],
    ['file,dataset,row_count,as_of,interface_version\nbom_B7.csv,bom,1,2026-11-26T02:00:00Z,1\n', /unknown dataset "bom"/],
  ])('refuses %#', async (text, message) => {
    await expect(parseControlFile(text, 'B7')).rejects.toThrow(message);
  });
});

describe('order files', () => {
  it('names files po_/tr_<recommendation_id>.csv and writes a header and one row', async () => {
    const rec: RecommendationRecord = {
      recommendation_id: 'REC-2026-11-26-000017',
      plan_id: 'PLAN-2026-11-26',
      plan_version: 1,
      type: 'transfer',
      sku: 'BOLT',
      location: 'WH-BER',
      supplier: null,
      source_location: 'WH-HAM',
      quantity: 30,
      uom: 'EA',
      unit_cost: 0.18,
      value: 5.4,
      currency: 'EUR',
      order_by: '2026-11-26',
      need_by: '2026-11-28',
      reason: 'Position 4, below "s" 9',
      reason_code: 'excess_transfer',
      valid_until: '2026-11-29T00:00:00Z',
      created_at: '2026-11-26T03:10:00Z',
      company: null,
      source: { system: 'planning', record_id: 'REC-2026-11-26-000017' },
    };
    expect(orderFileName(rec)).toBe('tr_REC-2026-11-26-000017.csv');
    expect(orderFileName({ ...rec, type: 'purchase' })).toBe('po_REC-2026-11-26-000017.csv');
    const [header, row] = (await orderCsv(rec)).trim().split('\n');
    expect(header).toBe(
      'recommendation_id,plan_id,plan_version,type,sku,location,supplier,source_location,quantity,uom,unit_cost,value,currency,order_by,need_by,reason,reason_code,valid_until,created_at,company,source.system,source.record_id',
    );
    expect(row).toBe(
      'REC-2026-11-26-000017,PLAN-2026-11-26,1,transfer,BOLT,WH-BER,,WH-HAM,30,EA,0.18,5.4,EUR,2026-11-26,2026-11-28,"Position 4, below ""s"" 9",excess_transfer,2026-11-29T00:00:00Z,2026-11-26T03:10:00Z,,planning,REC-2026-11-26-000017',
    );
  });
});
