#!/usr/bin/env node
// Welsh spelling check for the handbook's Welsh edition: prints every word that is not Welsh.
//
// Usage: node scripts/spell-cy.mjs [--words FILE]... [FILE...]
//   (no FILE: reads standard input, reported as "-").
// Prints "FILE:LINE:COLUMN: WORD" for each unknown word; exits 0 when there is none, 1 when
// there is any, 2 on bad input (an unreadable file, a word list entry it cannot use).
//
// Why this and not cspell: cspell cannot read Hunspell's .aff/.dic files, and Welsh needs the
// affix file: initial mutations (plant, blant, mhlant, phlant) are prefix rules there, not
// words. nspell (Titus Wormer) applies them, with dictionary-cy (the Bangor University and
// Troi Welsh Hunspell dictionary, packaged by the same author), both pinned in
// package-lock.json. Loading takes about a second; checking is then a lookup per distinct word.
//
// The project word list (default tests/spelling_wordlist_cy.txt, or each --words FILE) has one
// entry a line; "#" starts a comment. An entry is
//   word          accepted as written (and capitalised, as nspell accepts any word);
//   word/model    accepted with the mutations and endings of `model`, a word of the dictionary
//                 (camfanteisio/cam-drin accepts gamfanteisio, nghamfanteisio, chamfanteisio);
//   two words...  a phrase: accepted only as that whole phrase (an English name kept in the
//                 Welsh text), so its words do not become Welsh words everywhere.
//
// English words the Welsh pages keep in italics (document titles) are the caller's business:
// tests/test_welsh_spelling.py asks cspell's en-GB dictionary about what this reports there.

import fs from 'node:fs'
import path from 'node:path'
import {fileURLToPath} from 'node:url'
import nspell from 'nspell'
import dictionary from 'dictionary-cy'

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const DEFAULT_WORDS = path.join(ROOT, 'tests', 'spelling_wordlist_cy.txt')
// Shorter words are not checked (list markers "(a)", initials), as cspell.json's minWordLength.
const MIN_LENGTH = 2
// A word: letters (with their accents), joined by hyphens or apostrophes ("cam-drin", "i'r");
// an apostrophe may lead ("'r") or close it.
const WORD = /'?[\p{L}\p{M}]+(?:['-][\p{L}\p{M}]+)*'?/gu
// Not words: web and e-mail addresses, domain and file names ("llyw.cymru", "x.pdf").
const NOT_WORDS = /(?:https?:\/\/|mailto:|tel:|www\.)\S+|\S+@\S+|[\p{L}\p{N}_-]+(?:\.[\p{L}\p{N}_-]+)+/gu

class BadInput extends Error {}

function normalise(text) {
  // Typographic apostrophes and quotes as the dictionary writes them; a non-breaking hyphen
  // is a hyphen.
  return text.replace(/[\u2018\u2019\u02bc]/g, "'").replace(/[\u2010\u2011]/g, '-')
}

function escapeRegExp(text) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}

/** The word list's single words (given to nspell) and phrases (matched whole). */
function readWordList(file, checker) {
  let text
  try {
    text = fs.readFileSync(file, 'utf8')
  } catch (error) {
    throw new BadInput(`${file}: cannot read the word list (${error.code || error.message})`)
  }
  const phrases = []
  text.split('\n').forEach((raw, index) => {
    const entry = normalise(raw.replace(/#.*/, '')).trim()
    if (!entry) return
    const where = `${file}:${index + 1}`
    if (/\s/.test(entry)) {
      if (entry.includes('/')) throw new BadInput(`${where}: a phrase takes no model: "${entry}"`)
      phrases.push(entry)
      return
    }
    const [word, model, extra] = entry.split('/')
    if (extra !== undefined || !word) throw new BadInput(`${where}: not "word" or "word/model": "${entry}"`)
    if (model !== undefined) {
      if (!model || !checker.correct(model)) {
        throw new BadInput(`${where}: "${model}" (the model of "${word}") is not a word of dictionary-cy`)
      }
      // nspell copies the model's flags only from an entry of the dictionary as written
      if (!(model in checker.data)) {
        throw new BadInput(`${where}: "${model}" is a form, not an entry, of dictionary-cy: give the entry it comes from`)
      }
    }
    checker.add(word, model)
  })
  // Longest first, so that a phrase inside a longer one does not break it up.
  phrases.sort((a, b) => b.length - a.length)
  return phrases
}

function makeChecker(wordLists) {
  const checker = nspell(dictionary)
  const phrases = wordLists.flatMap((file) => readWordList(file, checker))
  const phraseRe = phrases.length
    ? new RegExp(`(?<![\\p{L}\\p{M}'-])(?:${phrases.map((p) => escapeRegExp(p).replace(/ /g, '\\s+')).join('|')})(?![\\p{L}\\p{M}]|['-][\\p{L}\\p{M}])`, 'gu')
    : null
  const verdicts = new Map()

  function known(word) {
    let verdict = verdicts.get(word)
    if (verdict === undefined) {
      verdict = checker.correct(word)
      verdicts.set(word, verdict)
    }
    return verdict
  }

  // A word as written; else without quotes around it; else each part between hyphens, with
  // its clitics ("camfanteisio'n" = "camfanteisio" + "'n", "a'r" = "a" + "'r").
  function isWelsh(token) {
    if (known(token)) return true
    const bare = token.replace(/^'+|'+$/g, '')
    if (bare !== token && (bare.length < MIN_LENGTH || known(bare))) return true
    if (!/['-]/.test(bare)) return false
    return bare.split('-').every((part) => {
      if (known(part)) return true
      const [head, ...clitics] = part.split("'")
      return (head === '' || known(head)) && clitics.every((clitic) => known(`'${clitic}`))
    })
  }

  /** Every unknown word of a text: [line, column, word], lines and columns from 1. */
  function unknownWords(text) {
    const found = []
    normalise(text).split('\n').forEach((line, index) => {
      const blank = (match) => ' '.repeat(match.length)
      let words = line.replace(NOT_WORDS, blank)
      if (phraseRe) words = words.replace(phraseRe, blank)
      for (const match of words.matchAll(WORD)) {
        const token = match[0]
        if (token.replace(/['-]/g, '').length < MIN_LENGTH) continue
        if (isWelsh(token)) continue
        // reported without the quotes around it
        const lead = token.length - token.replace(/^'+/, '').length
        found.push([index + 1, match.index + lead + 1, token.replace(/^'+|'+$/g, '')])
      }
    })
    return found
  }

  return {unknownWords}
}

function main(argv) {
  const wordLists = []
  const files = []
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--words') {
      if (i + 1 >= argv.length) throw new BadInput('--words needs a file')
      wordLists.push(argv[++i])
    } else if (argv[i] === '--help' || argv[i] === '-h') {
      process.stdout.write('Usage: node scripts/spell-cy.mjs [--words FILE]... [FILE...]\n')
      return 0
    } else {
      files.push(argv[i])
    }
  }
  const checker = makeChecker(wordLists.length ? wordLists : [DEFAULT_WORDS])
  const inputs = files.length ? files : ['-']
  let count = 0
  const out = []
  for (const file of inputs) {
    let text
    try {
      text = fs.readFileSync(file === '-' ? 0 : file, 'utf8')
    } catch (error) {
      throw new BadInput(`${file}: cannot read (${error.code || error.message})`)
    }
    for (const [line, column, word] of checker.unknownWords(text)) {
      out.push(`${file}:${line}:${column}: ${word}`)
      count++
    }
  }
  if (out.length) process.stdout.write(out.join('\n') + '\n')
  return count ? 1 : 0
}

try {
  process.exitCode = main(process.argv.slice(2))
} catch (error) {
  if (!(error instanceof BadInput)) throw error
  process.stderr.write(`spell-cy: ${error.message}\n`)
  process.exitCode = 2
}
