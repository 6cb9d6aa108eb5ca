/**
 * Writing a set of outputs: all or nothing, no temporary file left behind,
 * and never a file that was there before overwritten through a temporary name.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { writeFilesAtomically } from '../src/output/atomic-write.js';

const dir = () => mkdtempSync(path.join(tmpdir(), 'bulletin-atomic-'));

describe('writeFilesAtomically', () => {
  it('writes every file, creating folders, and leaves no temporary file', async () => {
    const d = dir();
    await writeFilesAtomically([
      { path: path.join(d, 'a', 'issue.docx'), data: Buffer.from('docx') },
      { path: path.join(d, 'a', 'issue.pdf'), data: 'pdf' },
    ]);
    expect(readdirSync(path.join(d, 'a')).sort()).toEqual(['issue.docx', 'issue.pdf']);
    expect(readFileSync(path.join(d, 'a', 'issue.pdf'), 'utf8')).toBe('pdf');
  });

  it('on a failure keeps the earlier outputs as they were and removes its temporary files', async () => {
    const d = dir();
    writeFileSync(path.join(d, 'issue.docx'), 'old docx');
    // the second output's path is a folder: its rename fails after both temporary files were written
    mkdirSync(path.join(d, 'issue.pdf'));
    writeFileSync(path.join(d, 'issue.pdf', 'x'), '');
    await expect(
      writeFilesAtomically([
        { path: path.join(d, 'issue.pdf'), data: 'new pdf' },
        { path: path.join(d, 'issue.docx'), data: 'new docx' },
      ]),
    ).rejects.toThrow();
    expect(readFileSync(path.join(d, 'issue.docx'), 'utf8')).toBe('old docx');
    expect(readdirSync(d).sort()).toEqual(['issue.docx', 'issue.pdf']);
  });

  it('never writes through a temporary name that already exists', async () => {
    const d = dir();
    const now = vi.spyOn(Date, 'now').mockReturnValue(0);
    try {
      // the names the next calls will try, taken already: a leftover of another run of this process id
      for (let n = 0; n < 64; n++) writeFileSync(path.join(d, `.bulletin-${process.pid.toString(36)}-0-${n.toString(36)}.tmp`), 'not ours');
      await expect(writeFilesAtomically([{ path: path.join(d, 'issue.pdf'), data: 'pdf' }])).rejects.toThrow(/EEXIST/);
    } finally {
      now.mockRestore();
    }
    expect(readdirSync(d)).not.toContain('issue.pdf');
    const leftovers = readdirSync(d).filter((f) => f.endsWith('.tmp'));
    expect(leftovers.length).toBe(64);
    for (const f of leftovers) expect(readFileSync(path.join(d, f), 'utf8')).toBe('not ours');
  });
});
