import type { AgentInputItem, SessionHistoryRewriteArgs } from "@openai/agents-core";
import type { JsonValue } from "@sessionkit/core";
import { invalidItem } from "./errors.js";
import type { RewriteContent } from "./history-events.js";
import { toStoredItem } from "./stored-item.js";
import type { HistoryTail } from "./tail-reader.js";

const OPERATION = "applyHistoryMutations";

/** One validated `replace_function_call` mutation, its replacement in stored form. */
export interface FunctionCallReplacement {
  callId: string;
  replacement: JsonValue;
}

/**
 * Validates `applyHistoryMutations`' arguments (every mutation a `replace_function_call` with a
 * string `callId` and a `function_call` replacement) and converts the replacements to their
 * stored JSON form, before anything is written.
 * @throws INVALID_ARGUMENT naming the offending path.
 */
export function prepareMutations(args: SessionHistoryRewriteArgs): FunctionCallReplacement[] {
  if (args === null || typeof args !== "object" || !Array.isArray(args.mutations)) {
    throw invalidItem(OPERATION, "args.mutations", "must be an array of mutations");
  }
  return args.mutations.map((mutation, index) => {
    const path = `args.mutations[${index}]`;
    if (mutation?.type !== "replace_function_call" || typeof mutation.callId !== "string") {
      throw invalidItem(
        OPERATION,
        path,
        'expected { type: "replace_function_call", callId, replacement }',
      );
    }
    if (mutation.replacement?.type !== "function_call") {
      throw invalidItem(OPERATION, `${path}.replacement`, "must be a function_call item");
    }
    return {
      callId: mutation.callId,
      replacement: toStoredItem(mutation.replacement, `${path}.replacement`, OPERATION),
    };
  });
}

/**
 * What the mutations do to the visible history, as the SDK's `applySessionHistoryMutations`
 * does it, in order: the first `function_call` with the mutation's `callId` becomes the
 * replacement, every later one with that id leaves the history; no match changes nothing.
 * Returns the rewrite by item seq, or null when nothing changes.
 */
export function planRewrite(
  tail: HistoryTail,
  mutations: readonly FunctionCallReplacement[],
): RewriteContent | null {
  let entries = tail.items.map((item, index) => ({
    seq: tail.seqs[index] as number,
    item: item as unknown as JsonValue,
    replaced: false,
  }));
  for (const { callId, replacement } of mutations) {
    let kept = false;
    entries = entries.flatMap((entry) => {
      if (!isFunctionCall(entry.item, callId)) return [entry];
      if (kept) return [];
      kept = true;
      return [{ seq: entry.seq, item: replacement, replaced: true }];
    });
  }
  const remaining = new Set(entries.map((entry) => entry.seq));
  const drop = tail.seqs.filter((seq) => !remaining.has(seq));
  const replace = entries
    .filter((entry) => entry.replaced)
    .map((entry) => ({ seq: entry.seq, item: entry.item }));
  return drop.length === 0 && replace.length === 0 ? null : { replace, drop };
}

function isFunctionCall(item: JsonValue, callId: string): boolean {
  const candidate = item as Partial<Extract<AgentInputItem, { type: "function_call" }>>;
  return candidate?.type === "function_call" && candidate.callId === callId;
}
