import { describe, expect, it } from 'vitest';
import { headerLines, headerWidth } from '../src/document/header-width.js';
import { fitColumns } from '../src/document/widths.js';

describe('headerWidth', () => {
  it('keeps a header of up to four characters on one line', () => {
    expect(headerWidth('序号')).toBe(2);
    expect(headerWidth('投放台数')).toBe(4);
  });

  it('gives a longer header two balanced lines, never a lone character', () => {
    expect(headerWidth('数据上传量')).toBe(3); // 数据 / 上传量, not 数据上传 / 量
    expect(headerWidth('门急诊信息上传人次')).toBe(5);
  });

  it('never breaks inside a Latin word or a number, nor before closing punctuation', () => {
    // （CDA文档）: the best break is between 文 and 档 or before （; never C/DA or 档/）
    const w = headerWidth('已上传表（CDA文档）');
    expect(w).toBeGreaterThanOrEqual(4);
    expect(headerWidth('（元）')).toBe(3);
  });
});

describe('fitColumns', () => {
  it('makes a column at least as wide as its header needs and its widest cell', () => {
    const cols = fitColumns([{ align: 'center' }, { align: 'left' }], [[{ text: '序号' }, { text: '单位' }]], [[{ text: '1' }, { text: '南京市第一医院' }]]);
    expect(cols[0]!.weight).toBe(3); // 序号 on one line, plus padding
    expect(cols[1]!.weight).toBe(8);
  });
});

describe('headerLines', () => {
  it('leaves a header that fits alone', () => {
    expect(headerLines('数据上传量', 5)).toBeUndefined();
  });

  it('breaks between words, on as few lines as fit, as evenly as it can', () => {
    expect(headerLines('数据上传量', 4)).toEqual(['数据', '上传量']);
    expect(headerLines('12320在线预约', 4.5)).toEqual(['12320', '在线预约']);
    expect(headerLines('门急诊信息上传人次', 5)).toEqual(['门急诊信息', '上传人次']);
    expect(headerLines('门急诊信息上传人次', 4)).toEqual(['门急诊', '信息', '上传人次']);
    expect(headerLines('已上传表（CDA文档）', 6)).toEqual(['已上传表', '（CDA文档）']);
  });

  it('gives up (the renderer wraps) when no good break fits', () => {
    expect(headerLines('健康档案', 1.5)).toBeUndefined();
  });
});
