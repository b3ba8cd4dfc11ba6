/**
 * The deadline policy a case starts under. A case keeps its version for life;
 * a new policy applies to new cases. The full deadline table arrives with the
 * case lifecycle; the version is recorded from the first case on.
 */
export const currentPolicyVersion = '2026.1';
