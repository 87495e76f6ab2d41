import { h } from "./dom.js";

/** Browsers cap an element's height (Chromium near 33.5 M px); the spacer stays below this. */
const MAX_SPACER = 8_000_000;

/** What the list needs from its owner. */
export interface VirtualListSource {
  /** How many rows (rows are numbered 1..total, like seqs). */
  total(): number;
  /** Fills `row` for item `n` (it may be a placeholder until the data is loaded). */
  render(row: HTMLElement, n: number): void;
  /** Called with the visible range after each scroll or resize (to load what is missing). */
  visible(first: number, last: number): void;
  /** The user picked item `n` (click or Enter). */
  select(n: number): void;
}

/**
 * A keyboard-navigable list of fixed-height rows that renders only the visible ones, so 100k+
 * rows scroll smoothly. Past the browser's height limit the scrollbar maps proportionally
 * onto the rows instead of one pixel per pixel.
 */
export class VirtualList {
  readonly element: HTMLElement;
  private readonly spacer: HTMLElement;
  private readonly layer: HTMLElement;
  private active = 0;
  private frame = 0;

  constructor(
    private readonly source: VirtualListSource,
    private readonly rowHeight: number,
    label: string,
  ) {
    this.spacer = h("div", { class: "vl-spacer" });
    this.layer = h("div", { class: "vl-layer", role: "presentation" });
    this.element = h(
      "div",
      { class: "vl", tabindex: 0, role: "listbox", "aria-label": label },
      this.spacer,
      this.layer,
    );
    this.element.addEventListener("scroll", () => this.schedule());
    this.element.addEventListener("keydown", (event) => this.onKey(event));
    this.element.addEventListener("click", (event) => {
      const row = (event.target as HTMLElement).closest<HTMLElement>("[data-n]");
      if (row) this.activate(Number(row.dataset.n), true);
    });
    new ResizeObserver(() => this.schedule()).observe(this.element);
  }

  /** The active (highlighted) item. */
  get current(): number {
    return this.active;
  }

  /** Re-renders (after data arrived or the total changed). */
  refresh(): void {
    this.schedule();
  }

  /** Scrolls so that item `n` is visible (at the bottom for the last one). */
  scrollTo(n: number): void {
    const total = this.source.total();
    const view = this.element.clientHeight;
    const visibleRows = Math.max(1, Math.floor(view / this.rowHeight));
    const first = Math.max(1, Math.min(n - Math.floor(visibleRows / 2), total - visibleRows + 1));
    this.spacer.style.height = `${this.spacerHeight()}px`;
    const span = this.spacerHeight() - view;
    const firstMax = Math.max(1, total - visibleRows + 1);
    this.element.scrollTop = firstMax <= 1 ? 0 : ((first - 1) / (firstMax - 1)) * span;
    this.render();
  }

  /** Makes `n` the active item, scrolls to it, and with `pick` selects it. */
  activate(n: number, pick = false): void {
    const total = this.source.total();
    if (total === 0) return;
    this.active = Math.max(1, Math.min(total, n));
    const [first, last] = this.range();
    if (this.active < first || this.active > last - 1) this.scrollTo(this.active);
    else this.render();
    this.element.setAttribute("aria-activedescendant", `row-${this.active}`);
    if (pick) this.source.select(this.active);
  }

  private onKey(event: KeyboardEvent): void {
    const page = Math.max(1, Math.floor(this.element.clientHeight / this.rowHeight) - 1);
    const moves: Record<string, number> = {
      ArrowDown: 1,
      ArrowUp: -1,
      PageDown: page,
      PageUp: -page,
    };
    const current = this.active || this.range()[0];
    if (event.key in moves) this.activate(current + (moves[event.key] ?? 0), true);
    else if (event.key === "Home") this.activate(1, true);
    else if (event.key === "End") this.activate(this.source.total(), true);
    else if (event.key === "Enter" && current > 0) this.activate(current, true);
    else return;
    event.preventDefault();
  }

  private spacerHeight(): number {
    return Math.min(this.source.total() * this.rowHeight, MAX_SPACER);
  }

  /** The first visible item (fractional) and the last one. */
  private range(): [number, number] {
    const total = this.source.total();
    const view = this.element.clientHeight;
    const visibleRows = view / this.rowHeight;
    const span = this.spacerHeight() - view;
    const firstMax = Math.max(1, total - visibleRows + 1);
    const fraction = span > 0 ? Math.min(1, this.element.scrollTop / span) : 0;
    const first = 1 + fraction * (firstMax - 1);
    return [first, Math.min(total, Math.ceil(first + visibleRows))];
  }

  private schedule(): void {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.render();
    });
  }

  private render(): void {
    this.spacer.style.height = `${this.spacerHeight()}px`;
    const total = this.source.total();
    if (total === 0) {
      this.layer.replaceChildren();
      return;
    }
    const [first, last] = this.range();
    const firstRow = Math.floor(first);
    const offset = (first - firstRow) * this.rowHeight;
    this.layer.style.transform = `translateY(${this.element.scrollTop - offset}px)`;
    const rows: HTMLElement[] = [];
    for (let n = firstRow; n <= last; n++) {
      const row = h("div", {
        class: n === this.active ? "vl-row active" : "vl-row",
        id: `row-${n}`,
        role: "option",
        "aria-selected": n === this.active ? "true" : "false",
        "data-n": n,
      });
      row.style.height = `${this.rowHeight}px`;
      this.source.render(row, n);
      rows.push(row);
    }
    this.layer.replaceChildren(...rows);
    this.source.visible(firstRow, last);
  }
}
