import type { Catalogue } from './catalogue.js';

// English wording. Every key here must exist in id.ts too (a test enforces it).
export const en: Catalogue = {
  findings: {
    'row.ragged': (f) => `row has ${f.args?.got} fields, the header has ${f.args?.expected}; row skipped`,
    'row.unterminated_quote': () => 'a quoted field is never closed; the rest of the file could not be read',
    'row.undecodable': (f) => `row contains bytes that are not valid ${f.args?.encoding ?? 'UTF-8'}; check the file encoding`,
    'row.parse_error': (f) => `row could not be parsed (${f.args?.reason ?? 'CSV error'})`,
  },
  ui: {
    'kind.invalid': 'invalid',
    'kind.duplicate': 'duplicate',
    'kind.missing': 'missing',
    'kind.out_of_sync': 'out of sync',
  },
};
