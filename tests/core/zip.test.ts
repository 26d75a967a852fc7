/**
 * The zip archives Lambda functions ship in: the same files give the same bytes, other tools read
 * them (unzip, Python's zipfile), and archives other tools make (deflated) read back.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { crc32, readZip, ZipFormatError, zipArchive } from '../../core/index.js';

const dir = mkdtempSync(join(tmpdir(), 'lakeline-zip-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const files = [
  { name: 'lib/util.mjs', data: Buffer.from('export const x = 1;\n') },
  { name: 'index.mjs', data: Buffer.from('export const handler = () => "é";\n') },
];

describe('zipArchive', () => {
  it('is byte-for-byte the same for the same files, whatever their order', () => {
    expect(zipArchive(files).equals(zipArchive([...files].reverse()))).toBe(true);
  });

  it('computes CRC-32 as zip readers check it', () => {
    expect(crc32(Buffer.from('123456789'))).toBe(0xcbf43926);
  });

  it('is listed by unzip with sorted names and the zip epoch as their time', () => {
    const path = join(dir, 'a.zip');
    writeFileSync(path, zipArchive(files));
    const listing = execFileSync('unzip', ['-l', path], { encoding: 'utf8' });
    expect(listing).toMatch(/1980-01-01 00:00\s+index\.mjs[\s\S]*lib\/util\.mjs/);
    execFileSync('unzip', ['-tq', path]);
  });

  it("passes Python's zipfile check, with the files' bytes and permissions", () => {
    const path = join(dir, 'b.zip');
    writeFileSync(path, zipArchive(files));
    const out = execFileSync(
      'python3',
      [
        '-c',
        'import sys, zipfile; z = zipfile.ZipFile(sys.argv[1]); assert z.testzip() is None; ' +
          'print([(i.filename, oct(i.external_attr >> 16), z.read(i).decode()) for i in z.infolist()])',
        path,
      ],
      { encoding: 'utf8' },
    );
    expect(out.trim()).toBe(
      "[('index.mjs', '0o100644', 'export const handler = () => \"é\";\\n'), ('lib/util.mjs', '0o100644', 'export const x = 1;\\n')]",
    );
  });
});

describe('readZip', () => {
  it('reads back what zipArchive wrote', () => {
    expect(readZip(zipArchive(files)).map((e) => [e.name, Buffer.from(e.data).toString()])).toEqual([
      ['index.mjs', 'export const handler = () => "é";\n'],
      ['lib/util.mjs', 'export const x = 1;\n'],
    ]);
  });

  it('reads a deflated archive made by another tool, leaving folders out', () => {
    const path = join(dir, 'deflated.zip');
    execFileSync('python3', [
      '-c',
      'import sys, zipfile\nwith zipfile.ZipFile(sys.argv[1], "w", zipfile.ZIP_DEFLATED) as z:\n' +
        '  z.writestr("src/", "")\n  z.writestr("src/index.mjs", "export const handler = () => 42;\\n" * 50)',
      path,
    ]);
    const [entry, ...rest] = readZip(readFileSync(path));
    expect(rest).toEqual([]);
    expect(entry!.name).toBe('src/index.mjs');
    expect(Buffer.from(entry!.data).toString()).toBe('export const handler = () => 42;\n'.repeat(50));
  });

  it('refuses what is not a zip, or a damaged one', () => {
    expect(() => readZip(Buffer.from('not a zip at all, just text'))).toThrow(ZipFormatError);
    const damaged = zipArchive(files);
    damaged[40] = damaged[40]! ^ 0xff; // inside the first file's data
    expect(() => readZip(damaged)).toThrow(/CRC-32 does not match/);
  });
});
