/** A usage or configuration problem: the CLI prints its message on one line and exits with code 2. */
export class AuditError extends Error {}
