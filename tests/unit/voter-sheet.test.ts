import { describe, expect, it } from 'vitest';
import { parseScore } from '../../renderer/voter/sheet.js';

/** A member's phone says what is wrong with a typed score in plain words (issue 11, item 4). */
describe('parseScore messages', () => {
  it('says 请填写整数 for a whole-point scale, and how to write a half point', () => {
    expect(parseScore('28.5', 0, 30, 1)).toEqual({ value: null, error: '请填写整数' });
    expect(parseScore('28', 0, 30, 1)).toEqual({ value: 28, error: null });
    expect(parseScore('8.3', 0, 10, 0.5).error).toBe('请填写整数或半分（如 8.5）');
    expect(parseScore('8.5', 0, 10, 0.5)).toEqual({ value: 8.5, error: null });
    expect(parseScore('3', 0, 10, 2).error).toBe('每档 2 分，请填写如 2 这样的分数');
    expect(parseScore('45', 0, 40, 1).error).toBe('应在 0 至 40 之间');
    expect(parseScore('八', 0, 40, 1).error).toBe('请用阿拉伯数字填写，如 20');
    expect(parseScore('九十', 0, 100, 1).error).toBe('请用阿拉伯数字填写，如 50');
  });
});
