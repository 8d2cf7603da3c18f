import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { logit } from '../../src/ingest/model/logistic.js';
import {
  buildNameLexicon,
  lexiconJson,
  nameLexicon,
  nameLexiconPath,
} from '../../src/ingest/people/lexicon.js';
import { nameFeatures, nameLogit, readCandidate } from '../../src/ingest/people/name-features.js';
import { nameModel } from '../../src/ingest/people/name-model.js';
import { generateNameExamples } from '../../src/ingest/people/name-training.js';
import { nameProbability, personNameScore, readPersonName } from '../../src/ingest/people/names.js';
import { segmentWords } from '../../src/ingest/people/segment.js';

const read = (text: string) => readPersonName(text);

describe('the name model reads people’s names in every script', () => {
  it.each([
    ['Grace Hopper', 'Latin'],
    ['Julia Evans', 'Latin'],
    ['Crystal Huang', 'Latin'],
    ['Ruby Chen', 'Latin'],
    ['Will Smith', 'Latin'],
    ['Ingrid Solberg', 'Latin'],
    ['Tobiasz Wróblewski', 'Latin'],
    ['Nguyễn Thị Lan', 'Latin'],
    ['Людмила Соколова', 'Cyrillic'],
    ['Олександр Шевчук', 'Cyrillic'],
    ['Κωνσταντίνος Αλεξίου', 'Greek'],
    ['高橋 健太', 'Han'],
    ['高橋健太', 'Han'],
    ['陈静怡', 'Han'],
    ['최서연', 'Hangul'],
    ['이준호', 'Hangul'],
    ['فاطمة الزهراء', 'Arabic'],
    ['ليلى منصور', 'Arabic'],
    ['נועה לוי', 'Hebrew'],
    ['सुनीता थापा', 'Devanagari'],
  ])('%s is a name written in %s', (text, script) => {
    const name = read(text);
    expect(name?.name).toBe(text);
    expect(name?.script).toBe(script);
    expect(nameProbability(text)).toBeGreaterThan(0.5);
  });

  it('upper-case names are names', () => {
    for (const text of ['UDO SEIDEL', 'FELD Boris', 'KOWALSKI Anna', 'Marie LEFÈVRE', 'NAKAMURA Yui']) {
      expect(read(text)?.name, text).toBe(text);
    }
  });

  it('says when the family name comes first', () => {
    expect(read('KOWALSKI Anna')?.familyFirst).toBe(true);
    expect(read('FELD Boris')?.familyFirst).toBe(true);
    expect(read('Haddad Noor')?.familyFirst).toBe(true);
    expect(read('山田 太郎')?.familyFirst).toBe(true);
    expect(read('山田太郎')?.familyFirst).toBe(true);
    expect(read('김민준')?.familyFirst).toBe(true);
    expect(read('Anna Kowalski')?.familyFirst).toBe(false);
    expect(read('Noor Haddad')?.familyFirst).toBe(false);
    expect(read('Boris FELD')?.familyFirst).toBe(false);
  });

  it('reads initials and particles', () => {
    for (const text of [
      'J. R. Smith',
      'A.B. Cole',
      'Mary K. Lindqvist',
      'Pieter van den Broek',
      'Luis de Almeida',
      'Ana da Costa',
      'Friedrich von Hagen',
      'Faisal bin Rashid',
      'Yusuf ibn Tariq',
      'Layla al-Masri',
    ]) {
      expect(read(text)?.name, text).toBe(text);
    }
  });
});

describe('honorifics, nicknames and handles', () => {
  it.each([
    ['Dr. Helen Ward', 'Helen Ward', 'Dr.'],
    ['Prof. Karin Holm', 'Karin Holm', 'Prof.'],
    ['Mr Daniel Price', 'Daniel Price', 'Mr'],
    ['Mrs. Olivia Grant', 'Olivia Grant', 'Mrs.'],
    ['Ms Priya Nair', 'Priya Nair', 'Ms'],
    ['Herr Jonas Keller', 'Jonas Keller', 'Herr'],
    ['Frau Sabine Roth', 'Sabine Roth', 'Frau'],
    ['M. Julien Mercier', 'Julien Mercier', 'M.'],
    ['Mme Claire Dubois', 'Claire Dubois', 'Mme'],
    ['Sr. Alejandro Ruiz', 'Alejandro Ruiz', 'Sr.'],
    ['Sra. Lucía Navarro', 'Lucía Navarro', 'Sra.'],
    ['Dott. Marco Bellini', 'Marco Bellini', 'Dott.'],
    ['д-р Сергей Волков', 'Сергей Волков', 'д-р'],
    ['проф. Ольга Морозова', 'Ольга Морозова', 'проф.'],
    ['د. سامي خليل', 'سامي خليل', 'د.'],
    ['ד"ר מיכל ברק', 'מיכל ברק', 'ד"ר'],
    ['田中博士', '田中', '博士'],
    ['王建国先生', '王建国', '先生'],
    ['佐藤さん', '佐藤', 'さん'],
    ['鈴木氏', '鈴木', '氏'],
    ['山本教授', '山本', '教授'],
  ])('%s → %s, honorific %s', (text, name, honorific) => {
    expect(read(text)).toMatchObject({ name, honorific });
  });

  it('an honorific is where the name starts in the caller’s document', () => {
    expect(readPersonName('Prof. Dr. Lena Vogt', { offset: 50 })).toMatchObject({
      name: 'Lena Vogt',
      honorific: 'Prof. Dr.',
      offset: 60,
    });
  });

  it('moves nicknames in quotes or brackets and handles out of the name', () => {
    expect(read("Raphael 'kena' Poss")).toMatchObject({ name: 'Raphael Poss', nickname: 'kena' });
    expect(read('Robert (Bob) Smith')).toMatchObject({ name: 'Robert Smith', nickname: 'Bob' });
    expect(read('Ines “nessa” Carvalho')).toMatchObject({ name: 'Ines Carvalho', nickname: 'nessa' });
    expect(read('Raphael Poss (@kena)')).toMatchObject({ name: 'Raphael Poss', handle: 'kena' });
  });
});

describe('what is not one person’s name', () => {
  it.each([
    'Rust in Production',
    'Cloud Native Days',
    'Coffee Break',
    'Open Source Summit',
    'Lightning Talks',
    'Data Science',
    'Machine Learning Ops',
    'Acme GmbH',
    'Developer Advocate',
    'Hallway Conversations',
    'Closing Panel',
    'Staff Platform Engineer',
    'Kaffeepause',
    'Déjeuner',
    'Preguntas y respuestas',
    'Кофе-брейк',
    '基調講演',
    '懇親会',
    '开幕致辞',
    '점심 시간',
    'Kubernetes Operators in Go',
    'Einführung in WebAssembly',
    'Rustで始める組込み開発',
    '基于Rust的数据库实践',
    'We migrated our monolith to Kotlin.',
  ])('%s', (text) => {
    expect(read(text)).toBeNull();
    expect(nameProbability(text)).toBeLessThan(0.5);
  });

  it('a list of two people is not one name', () => {
    for (const text of ['Anna Weber, Tom Becker', 'Anna Weber & Tom Becker', '山田太郎、佐藤花子']) {
      expect(nameProbability(text), text).toBeLessThan(0.5);
      expect(read(text), text).toBeNull();
    }
    // …but a cell of people still scores as one that names people.
    expect(personNameScore('Anna Weber, Tom Becker')).toBeGreaterThan(0.5);
  });

  it('a lone word is a name only where the field holds speakers', () => {
    expect(read('Meera')).toBeNull();
    expect(readPersonName('Meera', { allowSingleWord: true })?.name).toBe('Meera');
    expect(readPersonName('Keynote', { allowSingleWord: true })).toBeNull();
  });
});

describe('the model’s numbers', () => {
  it('probabilities are in [0, 1] and rank full names above lone words and titles', () => {
    const full = nameProbability('Greta Lindahl');
    const lone = nameProbability('Lindahl');
    const title = nameProbability('Scaling Kafka Consumers');
    for (const p of [full, lone, title]) {
      expect(p).toBeGreaterThanOrEqual(0);
      expect(p).toBeLessThanOrEqual(1);
    }
    expect(full).toBeGreaterThan(lone);
    expect(lone).toBeGreaterThan(title);
    expect(nameProbability('')).toBe(0);
  });

  it('the stored lexicon is what the installed name lists give (npm run train names rewrites it)', () => {
    expect(readFileSync(nameLexiconPath, 'utf8') === lexiconJson(buildNameLexicon())).toBe(true);
    expect(nameLexicon().given.has('grace')).toBe(true);
  });

  it('the reader’s fast sum equals the model over the named features', () => {
    const lexicon = nameLexicon();
    const { name } = nameModel();
    for (const text of [
      'Grace Hopper',
      'KOWALSKI Anna',
      'Rust in Production',
      '山田太郎',
      'Dr. Helen Ward, PhD',
    ]) {
      const candidate = readCandidate(text, lexicon);
      expect(candidate).not.toBeNull();
      if (!candidate) continue;
      expect(nameLogit(name, candidate, lexicon)).toBeCloseTo(
        logit(name, nameFeatures(candidate, lexicon)),
        9,
      );
    }
  });

  it('training examples are the same for the same seed', () => {
    const first = generateNameExamples('train', 7, 200).examples.map((e) => e.text);
    const again = generateNameExamples('train', 7, 200).examples.map((e) => e.text);
    const other = generateNameExamples('train', 8, 200).examples.map((e) => e.text);
    expect(again).toEqual(first);
    expect(other).not.toEqual(first);
  });

  it('held-out names never reach the training examples', () => {
    const training = new Set(generateNameExamples('train', 7, 2000).examples.map((e) => e.text));
    const heldOut = generateNameExamples('test', 7, 500).examples.map((e) => e.text);
    expect(heldOut.filter((text) => training.has(text)).length).toBeLessThan(heldOut.length / 50);
  });
});

describe('segmenting text written without spaces', () => {
  it('finds Chinese words with jieba and where each starts', () => {
    const words = segmentWords('王伟在北京大学演讲');
    expect(words.map((w) => w.word)).toContain('北京大学');
    for (const { word, start } of words)
      expect('王伟在北京大学演讲'.slice(start, start + word.length)).toBe(word);
  });

  it('finds Japanese and Korean words, and leaves out punctuation', () => {
    expect(segmentWords('基調講演：佐藤花子').map((w) => w.word)).toEqual(['基調', '講演', '佐藤', '花子']);
    expect(segmentWords('박지훈 발표').map((w) => w.word)).toEqual(['박지훈', '발표']);
    expect(segmentWords('Hello, world').map((w) => w)).toEqual([
      { word: 'Hello', start: 0 },
      { word: 'world', start: 7 },
    ]);
  });
});
