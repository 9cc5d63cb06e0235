import type { ResolvedSource } from '../config/schema.js';
import { STATUS_LABEL } from '../domain/fields.js';
import { birthText, kkText, nikText } from '../domain/ids.js';
import { maskId } from '../domain/mask.js';
import { addressOf, nameOf, type RecordTable } from '../domain/table.js';

/** One record as reports show it, NIK/KK masked unless showNik. */
export interface RecordView {
  source: string;
  line: number;
  record_id: string;
  nik: string;
  name: string;
  kk: string;
  birth_date: string;
  sex: string;
  region: string;
  address: string;
  program: string;
  status: string;
  amount: string;
}

export const RECORD_VIEW_FIELDS = ['nik', 'name', 'kk', 'birth_date', 'sex', 'region', 'address', 'program', 'status', 'amount', 'record_id'] as const;

export function recordView(t: RecordTable, i: number, sources: readonly Pick<ResolvedSource, 'name'>[], showNik: boolean): RecordView {
  const id = (s: string) => (showNik ? s : maskId(s));
  const birth = t.birth[i];
  return {
    source: sources[t.source[i]].name,
    line: t.line[i],
    record_id: t.recordId.get(i),
    nik: id(nikText(t, i)),
    name: nameOf(t, i),
    kk: id(kkText(t, i)),
    birth_date: birth === -1 ? '?' : birthText(birth),
    sex: t.sex[i] === 1 ? 'L' : t.sex[i] === 2 ? 'P' : '',
    region: t.regions[t.region[i]],
    address: addressOf(t, i),
    program: t.programs[t.program[i]],
    status: STATUS_LABEL[t.status[i]] ?? '',
    amount: Number.isNaN(t.amount[i]) ? '' : String(t.amount[i]),
  };
}
