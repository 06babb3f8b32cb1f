// Unit tests of the client's text rules and fallback inflate: node --test tests/search/
import test from 'node:test';
import assert from 'node:assert/strict';
import { gzipSync, constants } from 'node:zlib';
import { randomBytes } from 'node:crypto';
import { exactForm, fold, syllables, docNumberTerms, telex, inflate, analyse } from '../../themes/default/static/search/engine.js';

test('normalisation matches the indexer (text.rs tests)', () => {
  assert.equal(exactForm('Hoà GIẢI'), 'hòa giải');
  assert.equal(exactForm('Ðăng ký'), 'đăng ký');
  assert.equal(exactForm('Lua\u0323t\u200b'), 'luạt');
  assert.equal(exactForm('thuý khoẻ quý hoàn'), 'thúy khỏe quý hoàn');
  assert.equal(fold(exactForm('Đất ĐAI')), 'dat dai');
  const s = syllables(exactForm('Luật Đất đai, số 31/2024/QH15')).map(x => [x.folded, x.joined]);
  assert.deepEqual(s, [['luat', false], ['dat', true], ['dai', true], ['so', true], ['31', true], ['2024', false], ['qh15', false]]);
});

test('document numbers and article references', () => {
  assert.deepEqual(docNumberTerms('nghi dinh 100/2019/nd-cp'), ['#100/nd-cp', '#nd-cp', '#100/2019']);
  assert.deepEqual(docNumberTerms('471/2019'), ['#471/2019']);
  assert.deepEqual(docNumberTerms('dieu 141 bo luat'), ['#dieu-141']);
  assert.deepEqual(docNumberTerms('dieu 141 khoan 2'), ['#dieu-141']);
});

test('Telex typed with the input method off is decoded, Vietnamese is left alone', () => {
  assert.equal(telex('dduwowngf'), 'duong');
  assert.equal(telex('booj'), 'bo');
  assert.equal(telex('tw'), 'tu');
  assert.equal(telex('luat'), null);
  assert.equal(telex('nghieng'), null);
  const q = analyse('dduwowngf booj');
  assert.deepEqual(q.slots.find(s => s.kind === 'b').terms, ['dduwowngf booj', 'duong bo']);
});

test('fallback inflate handles stored, fixed and dynamic blocks', () => {
  for (const data of [Buffer.from('abc'), Buffer.from('Luật Đất đai '.repeat(400)), randomBytes(70000), Buffer.alloc(0)]) {
    for (const level of [0, 6, 9]) {
      const gz = gzipSync(data, { level, strategy: data.length === 3 ? constants.Z_FIXED : constants.Z_DEFAULT_STRATEGY });
      assert.ok(Buffer.from(inflate(new Uint8Array(gz))).equals(data));
    }
  }
});
