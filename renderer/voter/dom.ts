/**
 * A tiny element builder: the voter app has no framework so that it stays small and runs
 * in old tablet browsers. `h('button', { class: 'opt', onclick }, '满意')`.
 */
export type Child = Node | string | number | null | undefined | false | Child[];
type AttrValue = string | number | boolean | null | undefined | ((ev: Event) => void);
export type Attrs = Record<string, AttrValue>;

function append(el: Node, child: Child): void {
  if (child === null || child === undefined || child === false) return;
  if (Array.isArray(child)) {
    for (const c of child) append(el, c);
    return;
  }
  el.appendChild(typeof child === 'object' ? child : document.createTextNode(String(child)));
}

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs?: Attrs | null, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  if (attrs) {
    for (const name of Object.keys(attrs)) {
      const v = attrs[name];
      if (v === null || v === undefined || v === false) continue;
      if (typeof v === 'function') el.addEventListener(name.slice(2).toLowerCase(), v);
      else if (name === 'class') el.className = String(v);
      else if (name === 'value') (el as unknown as HTMLInputElement).value = String(v);
      else if (name === 'checked') (el as unknown as HTMLInputElement).checked = Boolean(v);
      else el.setAttribute(name, v === true ? '' : String(v));
    }
  }
  append(el, children);
  return el;
}

export function clear(el: Element): void {
  while (el.firstChild) el.removeChild(el.firstChild);
}

export function mount(el: Element, ...children: Child[]): void {
  clear(el);
  append(el, children);
}
