import type { Finding } from '../src/domain/finding.js';

// Findings shared by the renderer tests (CSV, xlsx): a KK drift between two rosters (NIK-like
// values to mask) and a rejected row whose value a spreadsheet would execute.

export const KK_OUT_OF_SYNC: Finding = {
  kind: 'out_of_sync',
  code: 'out_of_sync.field',
  severity: 'warning',
  source: 'kab_6171',
  line: 7,
  recordId: '',
  other: { source: 'kemensos_pkh', line: 12, recordId: 'P-12' },
  field: 'kk',
  value: '6171012304150007',
  otherValue: '6171012304150009',
  score: 0.98765,
};

export const RAGGED_ROW_WITH_FORMULA: Finding = {
  kind: 'invalid',
  code: 'row.ragged',
  severity: 'error',
  source: 'kab_6171',
  line: 3,
  recordId: '',
  value: '=HYPERLINK("http://x")',
  args: { got: 3, expected: 5 },
};
