/**
 * Feed positions. A change is identified by its partition's sequence number and, when one order's
 * contribution is too large for one atomic write, a part number. Encoded as fixed-width digit text
 * (sequence zero-padded to 40 digits, part to 4) so that text order equals numeric order.
 */
const SEQUENCE = /^\d{1,40}$/;

export const isValidSequence = (sequence: string): boolean => SEQUENCE.test(sequence);

export function encodePosition(sequence: string, part = 0): string {
  if (!isValidSequence(sequence)) throw new RangeError(`sequence must be 1-40 decimal digits: ${sequence}`);
  return `${sequence.padStart(40, "0")}.${String(part).padStart(4, "0")}`;
}

export const compareSequences = (a: string, b: string): number => {
  const x = BigInt(a);
  const y = BigInt(b);
  return x < y ? -1 : x > y ? 1 : 0;
};
