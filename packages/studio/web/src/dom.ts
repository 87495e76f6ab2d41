/** Attributes and children accepted by {@link h}. */
export type Child = Node | string | number | null | undefined | false;
type Attrs = Record<string, string | number | boolean | null | undefined | EventListener>;

/**
 * Creates an element: `h("a", { href: "#/x", onclick: fn }, "text")`. `on*` attributes become
 * listeners, `false`/`null`/`undefined` attributes and children are left out, text is escaped
 * (children are text nodes, never HTML).
 */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Attrs = {},
  ...children: (Child | Child[])[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (typeof value === "function") element.addEventListener(name.slice(2), value);
    else if (value === true) element.setAttribute(name, "");
    else element.setAttribute(name, String(value));
  }
  append(element, children);
  return element;
}

/** Appends children (flattened, falsy ones skipped) to `parent`. */
export function append(parent: Node, children: (Child | Child[])[]): void {
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    parent.appendChild(typeof child === "object" ? child : document.createTextNode(String(child)));
  }
}

/** Replaces the children of `parent`. */
export function replace(parent: Element, ...children: (Child | Child[])[]): void {
  parent.replaceChildren();
  append(parent, children);
}

/**
 * A snippet with its `[matched]` terms (the store's marker) as `<mark>` elements, the brackets
 * dropped; everything else as text.
 */
export function highlighted(snippet: string): Node[] {
  const nodes: Node[] = [];
  const pattern = /\[([^\]]*)\]/g;
  let last = 0;
  for (let m = pattern.exec(snippet); m !== null; m = pattern.exec(snippet)) {
    if (m.index > last) nodes.push(document.createTextNode(snippet.slice(last, m.index)));
    nodes.push(h("mark", {}, m[1] ?? ""));
    last = m.index + m[0].length;
  }
  if (last < snippet.length) nodes.push(document.createTextNode(snippet.slice(last)));
  return nodes;
}
