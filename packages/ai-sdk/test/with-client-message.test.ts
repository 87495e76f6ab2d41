import { describe, expect, it } from "vitest";
import { withClientMessage } from "../src/index.js";
import { assistantText, userText } from "./support/messages.js";

describe("withClientMessage", () => {
  const history = [
    userText("u1", "one"),
    assistantText("a1", "1"),
    userText("u2", "two"),
    assistantText("a2", "2"),
  ];

  it("appends a new message", () => {
    expect(withClientMessage(history, userText("u3", "three"))).toEqual([
      ...history,
      userText("u3", "three"),
    ]);
  });

  it("cuts the history before a message sent again (regenerate, resend, edit)", () => {
    expect(withClientMessage(history, userText("u2", "two, edited"))).toEqual([
      userText("u1", "one"),
      assistantText("a1", "1"),
      userText("u2", "two, edited"),
    ]);
    expect(history).toHaveLength(4); // the input is left alone
  });
});
