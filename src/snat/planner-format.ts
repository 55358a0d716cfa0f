// Number formatting for the planner's messages: thousands separated the way Azure's pages write
// them (64,000), independent of the host's locale so answers are identical everywhere.

export function formatCount(value: number): string {
  const digits = String(value);
  if (value < 1000 || !Number.isInteger(value)) return digits;
  let grouped = digits.slice(0, digits.length % 3 || 3);
  for (let index = grouped.length; index < digits.length; index += 3) grouped += `,${digits.slice(index, index + 3)}`;
  return grouped;
}

/** "1 node" / "2 nodes"; "1 prefix" / "2 prefixes" with the suffix "es". */
export function plural(value: number, noun: string, suffix = 's'): string {
  return `${formatCount(value)} ${noun}${value === 1 ? '' : suffix}`;
}
