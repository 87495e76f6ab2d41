import type { SubjectFactory } from "../standard/subject.js";

/** The peer libraries measured on the standard workloads (filled in by the peers work). */
export const peerSubjects: SubjectFactory[] = [];
