// Reads a number as the page writes it (crates/playground/src/model/number.rs):
// a true minus sign (U+2212) and powers of ten as "× 10⁻⁵" in superscript.
const SUPERSCRIPT = { "⁰": "0", "¹": "1", "²": "2", "³": "3", "⁴": "4", "⁵": "5", "⁶": "6", "⁷": "7", "⁸": "8", "⁹": "9", "⁻": "-" };

/** "−1.5 × 10⁻⁷" → -1.5e-7; NaN for anything else. */
export function readNumber(text) {
  const m = text.trim().match(/^(−?)(\d+(?:\.\d+)?)(?: × 10([⁻⁰¹²³⁴⁵⁶⁷⁸⁹]+))?$/);
  if (!m) return NaN;
  const exponent = m[3] ? [...m[3]].map((c) => SUPERSCRIPT[c]).join("") : "0";
  return Number(`${m[1] ? "-" : ""}${m[2]}e${exponent}`);
}
