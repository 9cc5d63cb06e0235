import type { Catalogue } from './catalogue.js';

// English wording. Every key here must exist in id.ts too (a test enforces it).
export const en: Catalogue = {
  findings: {
    'row.ragged': (f) => `row has ${f.args?.got} fields, the header has ${f.args?.expected}; row skipped`,
    'row.unterminated_quote': () => 'a quoted field is never closed; the rest of the file could not be read',
    'row.undecodable': (f) => `row contains bytes that are not valid ${f.args?.encoding ?? 'UTF-8'}; check the file encoding`,
    'row.parse_error': (f) => `row could not be parsed (${f.args?.reason ?? 'CSV error'})`,
    'duplicate.within_source': (f) =>
      `same person listed ${f.args?.count} times for ${f.program ?? 'one program'} (group ${f.group}); keep one row`,
    'duplicate.across_regencies': (f) =>
      `same person registered for ${f.program ?? 'one program'} in more than one regency roster (group ${f.group}); keep the current domicile only`,
    'missing.from_source': (f) =>
      `listed for ${f.program ?? 'this program'} here but not found in ${f.other?.source}, which covers this program and region`,
    'out_of_sync.field': (f, v, ov) =>
      `${f.field} differs: "${v}" here, "${ov}" in ${f.other?.source} line ${f.other?.line}`,
    'out_of_sync.family_member': (f, v, ov) =>
      `family (same KK) represented for ${f.program} by ${v} (${f.args?.name}) here and by ${ov} (${f.args?.other_name}) in ${f.other?.source} line ${f.other?.line}; agree on one representative`,
    'nik.shared_by_different_people': (f, _v, _ov) =>
      `the same NIK is also used in ${f.other?.source} line ${f.other?.line} for a different person (${f.args?.other_name}); one of the two is wrong`,
  },
  ui: {
    'kind.invalid': 'invalid',
    'kind.duplicate': 'duplicate',
    'kind.missing': 'missing',
    'kind.out_of_sync': 'out of sync',
    'report.title': 'roster reconciliation',
    'report.config': 'config',
    'report.persons': 'persons',
    'report.records': 'records',
    'report.rejections': 'rejected rows',
    'report.data_lines': 'data lines',
    'report.inputs': 'Inputs',
    'report.findings': 'Findings',
    'report.chart_title': 'Findings per regency/city and kind',
    'report.region_unknown': '(region unknown)',
    'report.truncated': 'The table shows the first findings only; findings.csv has all of them:',
    'report.all_kinds': 'all kinds',
    'report.all_sources': 'all sources',
    'report.search': 'search message, source, id',
    'report.kind': 'kind',
    'report.source': 'source',
    'report.line': 'line',
    'report.other': 'other record',
    'report.field': 'field',
    'report.message': 'what is wrong',
    'report.score': 'link score',
    'report.show_more': 'show more',
    'report.count': 'count',
    'report.regency': 'regency/city',
    'report.total': 'total',
    'report.worst_regencies': 'Regencies/cities with the most findings',
    'report.files_note': 'Details per row are in findings.csv and report.html (NIK and KK masked). Find a row by its source and line.',
    'term.findings': 'findings',
    'term.by_source': 'by source',
    'term.worst_regencies': 'worst regencies/cities',
    'term.reports_in': 'reports written to',
    'term.no_findings': 'no findings',
  },
};
