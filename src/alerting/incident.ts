// An incident: one target's run of notifications, from the first that announces a firing alert to the
// one that says everything resolved. It is named by that first notification's ID, so the name is
// stable across runs, unique per target, and known the moment the incident opens. The Slack app keeps
// one thread per incident, and Acknowledge / Silence buttons carry this key.
export type IncidentKey = string;

export function incidentKeyOf(targetId: string, openingSequence: number): IncidentKey {
  return `${targetId}#${openingSequence}`;
}

/** The target an incident key belongs to, or null when the text is not an incident key. */
export function targetOfIncident(key: string): string | null {
  const hash = typeof key === 'string' ? key.lastIndexOf('#') : -1;
  if (hash <= 0 || !/^\d+$/.test(key.slice(hash + 1))) return null;
  return key.slice(0, hash);
}
