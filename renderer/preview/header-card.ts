/**
 * One 80-character FITS header card split for display: keyword, value and comment. A string
 * value is quoted (with '' for a quote inside it) and may itself hold a slash; a comment starts
 * at the first slash after the value. Cards without "= " in columns 9-10 (COMMENT, HISTORY,
 * blank) are all text.
 */

export interface CardParts {
  readonly keyword: string;
  /** The value as written, strings with their quotes and without trailing blanks inside them. */
  readonly value: string;
  readonly comment: string;
}

/** Splits a header card into keyword, value and comment. */
export function splitCard(card: string): CardParts {
  const keyword = card.slice(0, 8).trimEnd();
  if (card.slice(8, 10) !== '= ') return { keyword, value: card.slice(8).trim(), comment: '' };
  const rest = card.slice(10);
  const start = rest.length - rest.trimStart().length;
  let value: string;
  let after: string;
  if (rest[start] === "'") {
    let end = start + 1;
    while (end < rest.length) {
      if (rest[end] === "'") {
        if (rest[end + 1] !== "'") break;
        end += 2;
      } else {
        end += 1;
      }
    }
    value = `'${rest.slice(start + 1, end).trimEnd()}'`;
    after = rest.slice(end + 1);
  } else {
    const slash = rest.indexOf('/');
    value = (slash < 0 ? rest : rest.slice(0, slash)).trim();
    after = slash < 0 ? '' : rest.slice(slash);
  }
  const comment = after.trim().replace(/^\/\s?/, '').trim();
  return { keyword, value, comment };
}
