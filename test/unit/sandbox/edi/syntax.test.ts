import { readEdifact } from '../../../../sandbox/edi/syntax/edifact-read';
import { writeEdifact } from '../../../../sandbox/edi/syntax/edifact-write';
import { seg } from '../../../../sandbox/edi/syntax/types';
import { readX12 } from '../../../../sandbox/edi/syntax/x12-read';
import { writeX12 } from '../../../../sandbox/edi/syntax/x12-write';

const AT = new Date('2026-11-26T08:30:00Z');
const A = { id: 'ACMESUPPLY', qualifier: 'ZZ' };
const B = { id: 'PLANBRIDGE', qualifier: 'ZZ' };

describe("the sandbox's own X12 layer", () => {
  const text = writeX12({
    sender: A,
    receiver: B,
    control: 42,
    at: AT,
    version: '005010',
    functionalId: 'PR',
    sets: [{ type: '855', segments: [seg('BAK', '00', 'AD', 'P1'), seg('PO1', '1', '5', 'EA', '', '', 'BP', ['X', 'Y', ''])] }],
  });

  it('writes a fixed-width ISA with the repetition separator from 00402 on, and counts SE, GE and IEA', () => {
    expect(text.split('\n')[0]).toHaveLength(106);
    expect(text.split('\n')[0]).toBe('ISA*00*          *00*          *ZZ*ACMESUPPLY     *ZZ*PLANBRIDGE     *261126*0830*^*00501*000000042*0*P*>~');
    expect(text).toContain('PO1*1*5*EA***BP*X>Y~\nSE*4*0001~\nGE*1*42~\nIEA*1*000000042~\n');
    const v4010 = writeX12({ sender: A, receiver: B, control: 1, at: AT, version: '004010', functionalId: 'FA', sets: [] });
    expect(v4010.split('*')[11]).toBe('U');
  });

  it('reads back what it wrote, with CR LF between segments, without envelope errors', () => {
    const back = readX12(text.replace(/\n/g, '\r\n'));
    expect(back.errors).toEqual([]);
    expect(back.reference).toBe('000000042');
    expect(back.groups[0].messages[0]).toEqual({
      type: '855',
      reference: '0001',
      version: '005010',
      errors: [],
      body: [
        { tag: 'BAK', elements: [['00'], ['AD'], ['P1']] },
        { tag: 'PO1', elements: [['1'], ['5'], ['EA'], [''], [''], ['BP'], ['X', 'Y']] },
      ],
    });
  });

  it('refuses to write a value that holds a delimiter: X12 cannot escape it', () => {
    expect(() =>
      writeX12({
        sender: A,
        receiver: B,
        control: 1,
        at: AT,
        version: '004010',
        functionalId: 'PR',
        sets: [{ type: '855', segments: [seg('REF', 'ZZ', 'a*b')] }],
      }),
    ).toThrow(/delimiter/);
  });
});

describe("the sandbox's own EDIFACT layer", () => {
  const out = (version: string) =>
    writeEdifact({
      sender: { id: '4012345000009', qualifier: '14' },
      receiver: { id: '4012345000008', qualifier: '14' },
      control: 7,
      at: AT,
      syntax: { identifier: 'UNOC', version },
      messages: [{ type: 'ORDRSP', version: 'D', release: '96A', association: 'EAN008', segments: [seg('BGM', '231', "A'B+C:D?E*F", '29')] }],
    });

  it('escapes every separator and the release character, and writes syntax 3 and 4 envelopes', () => {
    expect(out('3')).toBe(
      "UNA:+.? '\nUNB+UNOC:3+4012345000009:14+4012345000008:14+261126:0830+7'\nUNH+1+ORDRSP:D:96A:UN:EAN008'\nBGM+231+A?'B?+C?:D??E*F+29'\nUNT+3+1'\nUNZ+1+7'\n",
    );
    expect(out('4')).toContain("UNA:+.?*'\nUNB+UNOC:4+4012345000009:14+4012345000008:14+20261126:0830+7'");
    expect(out('4')).toContain("BGM+231+A?'B?+C?:D??E?*F+29'");
  });

  it('reads back the released characters as data', () => {
    const back = readEdifact(out('3'));
    expect(back.errors).toEqual([]);
    expect(back.groups[0].messages[0].body).toEqual([{ tag: 'BGM', elements: [['231'], ["A'B+C:D?E*F"], ['29']] }]);
  });

  it('reads a UNA with other separators', () => {
    const text = 'UNA|^.# ~UNB^UNOC|3^S|14^R|14^261126|0830^9~UNH^1^ORDERS|D|96A|UN~BGM^220^P#^1~UNT^3^1~UNZ^1^9~';
    const back = readEdifact(text);
    expect(back.errors).toEqual([]);
    expect(back.groups[0].messages[0].body).toEqual([{ tag: 'BGM', elements: [['220'], ['P^1']] }]);
  });
});
