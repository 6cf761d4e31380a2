// "a" or "an" before a word the code fills in (a sample kind, a JSON type, a part type read from a
// record), so messages never say "a instruction sample". By sound, for the words these messages
// meet: a vowel letter takes "an" except where it sounds like "you" or "w" (user, unit, one), and a
// silent h takes "an" (hour, honest).

const VOWEL_SOUNDING_CONSONANT = /^(hour|honest|honou?r|heir)/;
const CONSONANT_SOUNDING_VOWEL = /^(uni|use|usu|ute|uti|ubi|ure|eu|ewe|one|once)/;

/** `word` with its indefinite article: `an instruction`, `a chat`, `an "image_url"` (leading quotes and brackets are skipped to find the sound). */
export function withArticle(word: string): string {
  const bare = word.replace(/^[^\p{L}\p{N}]+/u, '').toLowerCase();
  const an = VOWEL_SOUNDING_CONSONANT.test(bare) || (/^[aeiou]/.test(bare) && !CONSONANT_SOUNDING_VOWEL.test(bare)) || /^(8|1[18](\D|$))/.test(bare);
  return `${an ? 'an' : 'a'} ${word}`;
}
