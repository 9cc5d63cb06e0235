import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { memoryIo } from '../src/cli/io.js';
import { main } from '../src/cli/main.js';
import { tempDir, writeWorkbook } from './xlsx-helpers.js';

describe('padan validate on a workbook', () => {
  it('names problems by file, sheet and sheet row (kab_6171.xlsx!Data:5)', async () => {
    const dir = tempDir();
    const file = await writeWorkbook(join(dir, 'kab_6171.xlsx'), (wb) => {
      const ws = wb.addWorksheet('Data');
      ws.addRow(['DAFTAR KPM PKH KOTA PONTIANAK']);
      ws.addRow(['NIK', 'NAMA', 'TGL_LAHIR']);
      ws.addRow(['6171054508909001', 'SITI AMINAH', '05-08-1990']);
      ws.addRow(['6171051203889002', 'AHMAD FAUZI', '12-03-1988']);
      // row 5: a NIK one digit short
      ws.addRow(['617105120388900', 'BUDI SANTOSO', '12-03-1988']);
    });
    const io = memoryIo();
    const code = await main(['node', 'padan', 'validate', file], io);
    expect(code).toBe(1);
    expect(io.stdout).toMatch(/kab_6171\.xlsx!Data:5 +error +nik\./);
  });
});
