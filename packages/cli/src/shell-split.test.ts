import { describe, expect, it } from 'vitest';
import { splitStatements } from './shell-split.js';

describe('splitStatements', () => {
  it.each([
    ['select 1;', ['select 1'], ''],
    ['select 1; select 2', ['select 1'], ' select 2'],
    ["insert into t values (now, 'a;b'); x", ["insert into t values (now, 'a;b')"], ' x'],
    ["select 'it\\'s;'; ", ["select 'it\\'s;'"], ' '],
    ['select `a;b` from t;;', ['select `a;b` from t'], ''],
    ['select 1 -- no; split\n;', ['select 1 -- no; split'], ''],
    ['select /* ; */ 1;', ['select /* ; */ 1'], ''],
    ["select 'open;", [], "select 'open;"],
  ])('%j', (input, statements, rest) => {
    expect(splitStatements(input)).toEqual({ statements, rest });
  });
});
