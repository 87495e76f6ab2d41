import type { SessionKey, SessionRepository } from "@sessionkit/core";
import { describe, expect, it } from "vitest";
import { crashEvent } from "../child/crash-event.js";
import type { SuiteContext } from "../context.js";
import { ChildRunner, childScript } from "../support/child-process.js";
import { sessionKey, sleep } from "../support/keys.js";
import { capabilityGate } from "../support/skip.js";
import type { SharedStore } from "../target.js";

/** Ids of each trial start at trial × STRIDE, so trials never reuse an id. */
const STRIDE = 100_000;

/** Every acknowledged event present, seqs gapless, nothing torn, state in step with events. */
async function verify(
  repository: SessionRepository,
  key: SessionKey,
  acked: Set<number>,
  trial: string,
): Promise<number> {
  const snapshot = await repository.readSnapshot(key);
  expect(snapshot, trial).not.toBeNull();
  const events = snapshot?.events ?? [];
  expect(
    events.map((e) => e.seq),
    `${trial}: seqs`,
  ).toEqual(events.map((_, i) => i + 1));
  expect(snapshot?.lastSeq, trial).toBe(events.length);
  expect(snapshot?.revision, trial).toBe(events.length + 1);
  const stored = new Set<number>();
  for (const event of events) {
    const i = (event.content as { i: number }).i;
    const expected = crashEvent(i);
    expect({ ...event, seq: 0 }, `${trial}: event ${event.id} is torn`).toEqual({
      ...expected,
      seq: 0,
    });
    stored.add(i);
  }
  for (const i of acked)
    expect(stored.has(i), `${trial}: acknowledged event c${i} is missing`).toBe(true);
  const last = events.at(-1);
  if (last)
    expect(snapshot?.state.last, `${trial}: state out of step`).toBe(
      (last.content as { i: number }).i,
    );
  const integrity = await repository.checkIntegrity();
  expect(integrity, trial).toEqual({ ok: true, problems: [] });
  return events.length;
}

/** SIGKILL a writing child at a random moment, reopen, check every acknowledged write. */
export function crashGroup(context: SuiteContext): void {
  const { target, options } = context;
  const gate = capabilityGate(
    target,
    "crash safety",
    target.capabilities.crossProcess && target.capabilities.persistent,
    target.capabilities.crossProcess
      ? "capabilities.persistent is false"
      : "capabilities.crossProcess is false",
  );
  describe.skipIf(gate.skip)(gate.title, () => {
    for (const callers of [1, 16]) {
      const who = callers === 1 ? "one caller" : `${callers} concurrent callers`;
      // The concurrent writer crashes mid-group-commit in a quarter of the trials' count.
      const trials =
        callers === 1 ? options.crashTrials : Math.max(3, Math.ceil(options.crashTrials / 4));
      it(
        `keeps every acknowledged append of ${who} across ${trials} SIGKILLs`,
        async () => {
          const create = target.createShared;
          expect(
            create,
            "capabilities.crossProcess is true, so the target must provide createShared()",
          ).toBeTypeOf("function");
          const shared: SharedStore = await (create as () => Promise<SharedStore>).call(target);
          const key = sessionKey("crash");
          const acked = new Set<number>();
          let killedMidStream = 0;
          try {
            const setup = await shared.open();
            await setup.createSession(key);
            await setup.close();
            for (let trial = 0; trial < trials; trial++) {
              const from = (trial + 1) * STRIDE;
              const ackTarget = Math.floor(Math.random() * 25 * Math.min(callers, 4));
              const extraDelay = Math.floor(Math.random() * 20);
              const label = `trial ${trial} (${who}, kill after ${ackTarget} acks + ${extraDelay} ms)`;
              const child = new ChildRunner(childScript("crash-writer"), {
                openerModule: shared.openerModule,
                location: shared.location,
                key,
                from,
                count: 10_000,
                callers,
              });
              try {
                await child.waitForLine((l) => l === "ready", 60_000);
                const isAck = (l: string) => l.startsWith("ack ");
                if (ackTarget > 0)
                  await child.waitForLine(
                    (l) => isAck(l) && child.lines.filter(isAck).length >= ackTarget,
                    30_000,
                  );
                if (extraDelay > 0) await sleep(extraDelay);
              } finally {
                child.kill("SIGKILL");
              }
              const exit = await child.exited;
              if (exit.signal === "SIGKILL") killedMidStream++;
              for (const line of child.lines) {
                if (line.startsWith("ack ")) acked.add(Number(line.slice(4)));
              }
              const reopened = await shared.open();
              try {
                await verify(reopened, key, acked, label);
              } finally {
                await reopened.close();
              }
            }
            expect(killedMidStream).toBe(trials);
            expect(acked.size).toBeGreaterThan(0);
          } finally {
            await shared.destroy();
          }
        },
        Math.max(120_000, trials * 15_000),
      );
    }
  });
}
