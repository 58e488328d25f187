// Building the panel's DOM without markup strings: every piece of text becomes a text node, so
// user text (a selection such as `<img src=x onerror=alert(1)>`) is shown, never parsed.

export type Child = Node | string | number | null | undefined | false;

export interface Props {
  class?: string;
  /** Attributes: only names from SAFE_ATTRIBUTES; values are plain strings. */
  attrs?: Record<string, string | number | boolean>;
  on?: { [K in keyof HTMLElementEventMap]?: (event: HTMLElementEventMap[K]) => void };
}

/** No event handler, URL or style attribute can be set through `h`. */
const SAFE_ATTRIBUTES = /^(aria-[a-z]+|role|type|id|title|tabindex|for|name|value|min|max|step|checked|selected|disabled|open|lang|data-control|data-field|scope|colspan|dir|spellcheck)$/;

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, props?: Props | null, ...children: Child[]): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  if (props?.class) element.className = props.class;
  for (const [name, value] of Object.entries(props?.attrs ?? {})) {
    if (!SAFE_ATTRIBUTES.test(name)) throw new Error(`attribute ${name} is not allowed`);
    if (value === false) continue;
    element.setAttribute(name, value === true ? '' : String(value));
  }
  for (const [event, listener] of Object.entries(props?.on ?? {})) element.addEventListener(event, listener as EventListener);
  append(element, ...children);
  return element;
}

export function append(parent: Node, ...children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    parent.appendChild(typeof child === 'string' || typeof child === 'number' ? document.createTextNode(String(child)) : child);
  }
}

/** A codicon (icon font glyph), hidden from screen readers. */
export function icon(name: string): HTMLElement {
  return h('span', { class: `codicon codicon-${name}`, attrs: { 'aria-hidden': 'true' } });
}

/** Replaces {0}, {1}, … in a localized template. */
export function format(template: string, ...values: (string | number)[]): string {
  return template.replace(/\{(\d+)\}/g, (match, i: string) => (values[Number(i)] !== undefined ? String(values[Number(i)]) : match));
}

/** A number as people read it: 4 significant digits, exponent form for tiny or huge values. */
export function formatNumber(value: number | null | undefined, digits = 4): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  if (value === 0) return '0';
  const magnitude = Math.abs(value);
  if (magnitude < 1e-3 || magnitude >= 1e6) {
    const [mantissa, exponent] = value.toExponential(Math.max(0, digits - 2)).split('e') as [string, string];
    return `${mantissa} × 10${[...String(Number(exponent))].map((c) => SUPERSCRIPT[c] ?? c).join('')}`;
  }
  return String(Number(value.toPrecision(digits)));
}

const SUPERSCRIPT: Record<string, string> = { '-': '⁻', '0': '⁰', '1': '¹', '2': '²', '3': '³', '4': '⁴', '5': '⁵', '6': '⁶', '7': '⁷', '8': '⁸', '9': '⁹' };
