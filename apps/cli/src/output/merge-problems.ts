import type { IntegrityProblem } from "@sessionkit/core";

/** Problems that share a subject and a message, shown once with every kind that found them. */
export interface MergedProblem {
  kinds: string[];
  message: string;
  subject: string | undefined;
}

/**
 * Merges problems with the same subject and message, in first-seen order: a file that cannot
 * be opened at all fails every check with the same error, which is then shown once.
 */
export function mergeSameProblems(problems: IntegrityProblem[]): MergedProblem[] {
  const merged = new Map<string, MergedProblem>();
  for (const problem of problems) {
    const key = JSON.stringify([problem.subject ?? null, problem.message]);
    const seen = merged.get(key);
    if (seen) {
      if (!seen.kinds.includes(problem.kind)) seen.kinds.push(problem.kind);
    } else {
      merged.set(key, {
        kinds: [problem.kind],
        message: problem.message,
        subject: problem.subject,
      });
    }
  }
  return [...merged.values()];
}
