// The near-copy finder behind 内容雷同: the pairs it lists are exactly those the plain similarity
// of handlers/similarity.ts puts at 0.8 or above (its length bound skips none of them), short
// boilerplate is not compared, a unit's own last year is compared, and the most similar come first.
import test from 'ava';
import { similarity } from '../../handlers/similarity.ts';
import { comparedTexts, findNearCopies, MIN_COMPARED_CHARS, type NearCopy, type UnitTexts } from '../../src/publish/near-copies.ts';

const sentences = [
  '本年度，我镇认真贯彻落实《中华人民共和国政府信息公开条例》，', '全年主动公开政府信息二百余条，', '依申请公开办理及时规范，未发生逾期答复，',
  '加强政务公开平台建设，及时更新网站栏目，', '政策解读形式较为单一，图解和视频解读偏少，', '下一步将进一步完善信息发布审核工作机制。',
  '信息发布审核制度有待健全，个别信息更新不及时，', '全年未发生因政府信息公开引起的行政复议和行政诉讼。',
];

/** Texts of 4 to 7 sentences drawn by a fixed sequence: many near-copies, many not. */
function units(n: number): UnitTexts[] {
  let seed = 20260203;
  const next = (m: number) => (seed = (seed * 1103515245 + 12345) % 2147483648) % m;
  const text = () => Array.from({ length: 4 + next(4) }, () => sentences[next(sentences.length)]).join('');
  return Array.from({ length: n }, (_, i) => ({
    unit: `第${i + 1}镇`, texts: { overview: text(), problems: text(), other: text() }, ...(i % 3 === 0 && { lastYear: { overview: text(), problems: text() } }),
  }));
}

/** Every pair and every last year compared with the plain similarity of two texts. */
function everyPair(all: UnitTexts[]): NearCopy[] {
  const long = (text?: string) => text !== undefined && text.replace(/[\s\p{P}\p{S}]/gu, '').length >= MIN_COMPARED_CHARS;
  const out: NearCopy[] = [];
  for (const text of comparedTexts) {
    all.forEach((u, i) => {
      if (!long(u.texts[text])) return;
      if (long(u.lastYear?.[text]) && similarity(u.texts[text]!, u.lastYear![text]!) >= 0.8) out.push({ unit: u.unit, text, similarity: similarity(u.texts[text]!, u.lastYear![text]!) });
      for (const v of all.slice(i + 1)) {
        if (long(v.texts[text]) && similarity(u.texts[text]!, v.texts[text]!) >= 0.8) out.push({ unit: u.unit, text, other: v.unit, similarity: similarity(u.texts[text]!, v.texts[text]!) });
      }
    });
  }
  return out;
}

const key = (c: NearCopy) => `${c.text}|${c.unit}|${c.other ?? '上年'}|${c.similarity.toFixed(12)}`;

test('the near-copies are exactly the pairs and last years the plain similarity puts at 0.8 or above, most similar first', (t) => {
  const all = units(60);
  const found = findNearCopies(all);
  const expected = everyPair(all);
  t.true(expected.length > 20 && expected.some((c) => c.other === undefined) && expected.some((c) => c.similarity < 1), `${expected.length} near-copies`);
  t.deepEqual(found.map(key).sort(), expected.map(key).sort());
  t.deepEqual(found.map((c) => c.similarity), expected.map((c) => c.similarity).sort((a, b) => b - a));
});

test('short boilerplate is not compared; equally similar copies are listed by section, unit, then last year before other units', (t) => {
  const long = '本年度，本街道认真贯彻落实政府信息公开条例，全年主动公开政府信息二百余条，依申请公开办理及时规范，未发生逾期答复的情况，政务公开平台建设进一步加强。';
  const boilerplate = '本年度本单位无其他需要报告的事项。';
  const found = findNearCopies([
    { unit: '甲', texts: { overview: long, other: boilerplate } },
    { unit: '乙', texts: { problems: long, other: boilerplate }, lastYear: { problems: long } },
    { unit: '丙', texts: { overview: long, problems: long } },
    { unit: '丁', texts: { overview: '完全不同的文字内容，'.repeat(8) } },
  ]);
  t.deepEqual(found, [
    { unit: '甲', text: 'overview', other: '丙', similarity: 1 },
    { unit: '乙', text: 'problems', similarity: 1 },
    { unit: '乙', text: 'problems', other: '丙', similarity: 1 },
  ]);
});
