/**
 * The chat page: plain HTML and fetch, no framework. It keeps the chat id in the URL
 * (`?chat=…`), loads the stored history from `GET /api/chats/:id`, posts each new message to
 * `POST /api/chat` and renders the streamed reply (the AI SDK's UI message stream: server-sent
 * events whose `text-delta` chunks carry the text).
 */
export const chatPageHtml = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>sessionkit × AI SDK chat</title>
<style>
  body { font: 16px system-ui, sans-serif; max-width: 40rem; margin: 2rem auto; }
  #messages { list-style: none; padding: 0; }
  #messages li { margin: .5rem 0; padding: .5rem .75rem; border-radius: .5rem; }
  #messages li.user { background: #dbeafe; text-align: right; }
  #messages li.assistant { background: #f3f4f6; }
  form { display: flex; gap: .5rem; }
  #input { flex: 1; padding: .5rem; }
</style>
</head>
<body>
<h1>Chat</h1>
<ul id="messages"></ul>
<form id="composer">
  <input id="input" autocomplete="off" placeholder="Say something">
  <button id="send" type="submit">Send</button>
</form>
<script type="module">
const params = new URLSearchParams(location.search);
let chatId = params.get("chat");
if (!chatId) {
  chatId = crypto.randomUUID();
  history.replaceState(null, "", "?chat=" + encodeURIComponent(chatId));
}
const list = document.getElementById("messages");
const form = document.getElementById("composer");
const input = document.getElementById("input");
const send = document.getElementById("send");

function textOf(message) {
  return message.parts.filter((p) => p.type === "text").map((p) => p.text).join("");
}
function addMessage(role, text) {
  const item = document.createElement("li");
  item.className = role;
  item.textContent = text;
  list.appendChild(item);
  return item;
}

async function loadHistory() {
  const response = await fetch("/api/chats/" + encodeURIComponent(chatId));
  const messages = await response.json();
  list.textContent = "";
  for (const message of messages) addMessage(message.role, textOf(message));
  document.body.dataset.loaded = "true";
}

async function readReply(response, bubble) {
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = "";
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += value;
    let end;
    while ((end = buffer.indexOf("\\n\\n")) >= 0) {
      const frame = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      if (!frame.startsWith("data: ") || frame === "data: [DONE]") continue;
      const chunk = JSON.parse(frame.slice(6));
      if (chunk.type === "text-delta") bubble.textContent += chunk.delta;
    }
  }
}

form.addEventListener("submit", async (event) => {
  event.preventDefault();
  const text = input.value.trim();
  if (!text) return;
  input.value = "";
  send.disabled = true;
  const message = { id: crypto.randomUUID(), role: "user", parts: [{ type: "text", text }] };
  addMessage("user", text);
  const bubble = addMessage("assistant", "");
  const response = await fetch("/api/chat", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ chatId, message }),
  });
  if (response.ok) await readReply(response, bubble);
  else bubble.textContent = "Error: " + (await response.text());
  bubble.dataset.done = "true";
  send.disabled = false;
});

await loadHistory();
</script>
</body>
</html>
`;
