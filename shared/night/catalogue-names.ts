/** Names that say "a target" in file names: catalogue designations and star names (Bayer, Flamsteed). */

/** The 88 IAU constellation abbreviations, for Bayer ('ksi_Cas') and Flamsteed ('61 Cyg') names. */
const CONSTELLATIONS =
  'And Ant Aps Aqr Aql Ara Ari Aur Boo Cae Cam Cnc CVn CMa CMi Cap Car Cas Cen Cep Cet Cha Cir Col Com CrA CrB Crv Crt Cru ' +
  'Cyg Del Dor Dra Equ Eri For Gem Gru Her Hor Hya Hyi Ind Lac Leo LMi Lep Lib Lup Lyn Lyr Men Mic Mon Mus Nor Oct Oph Ori ' +
  'Pav Peg Per Phe Pic Psc PsA Pup Pyx Ret Sge Sgr Sco Scl Sct Ser Sex Tau Tel Tri TrA Tuc UMa UMi Vel Vir Vol Vul';
const GREEK =
  'alf|alpha|bet|beta|gam|gamma|del|delta|eps|epsilon|zet|zeta|eta|the|theta|tet|iot|iota|kap|kappa|lam|lambda|mu|nu|ksi|xi|' +
  'omi|omicron|pi|rho|sig|sigma|tau|ups|upsilon|phi|chi|psi|ome|omega';
const CONSTELLATION = `(?:${CONSTELLATIONS.split(' ').join('|')})`;

/**
 * Names that say "a target": catalogue designations and star names. Prefix and number must
 * stand apart from other letters and digits ('M76_…' yes, 'HM76' no). Long prefixes match in
 * any case ('ic310'); short ones only as written in the catalogues, so 'b2' or 'cr2' are not
 * Barnard 2 or Collinder 2. Bayer names need a separator unless the case shows the join ('alfLyr').
 */
const OBJECT_NAMES: readonly { readonly pattern: RegExp; readonly what: string }[] = [
  { pattern: /(?<![A-Za-z0-9])[Mm][ _-]?(?:110|10\d|[1-9]\d?)(?![0-9])/, what: 'a catalogue object' },
  {
    pattern: /(?<![A-Za-z0-9])(?:NGC|IC|UGC|PGC|LBN|LDN|vdB|Abell|ACO|Arp|Collinder|Barnard|Caldwell|HIP|SAO|WASP|HAT-P|TOI|KELT|Kepler|TrES)[ _-]?\d+(?![0-9])/i,
    what: 'a catalogue object',
  },
  { pattern: /(?<![A-Za-z0-9])(?:Mel|Cr|Ced|RCW|Gum|HD|HR|GJ|B|C)[ _-]?\d+(?![0-9])/, what: 'a catalogue object' },
  { pattern: /(?<![A-Za-z0-9])(?:Sh|SH|sh)[ _-]?2[ _-]+\d+(?![0-9])/, what: 'a catalogue object' },
  { pattern: new RegExp(`(?<![A-Za-z0-9])(?:${GREEK})\\d?[ _-]+${CONSTELLATION}(?![A-Za-z])`, 'i'), what: 'a star (Bayer designation)' },
  { pattern: new RegExp(`(?<![A-Za-z0-9])(?:${GREEK})\\d?${CONSTELLATION}(?![A-Za-z])`), what: 'a star (Bayer designation)' },
  { pattern: new RegExp(`(?<![A-Za-z0-9])\\d{1,3}[ _-]?${CONSTELLATION}(?![A-Za-z])`), what: 'a star (Flamsteed designation)' },
];

/** The first (leftmost) catalogue designation or star name in a file name, if any. */
export function catalogueObject(stem: string): { readonly text: string; readonly what: string } | null {
  let best: { index: number; text: string; what: string } | null = null;
  for (const { pattern, what } of OBJECT_NAMES) {
    const match = pattern.exec(stem);
    if (match && (best === null || match.index < best.index)) best = { index: match.index, text: match[0], what };
  }
  return best === null ? null : { text: best.text, what: best.what };
}
