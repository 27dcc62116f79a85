import { readFileSync } from 'node:fs';

import { type DefaultTreeAdapterTypes, parse } from 'parse5';

export type Element = DefaultTreeAdapterTypes.Element;
type Node = DefaultTreeAdapterTypes.Node;

/** A built page, parsed by parse5 as a browser would parse it. */
export function readPage(file: string): DefaultTreeAdapterTypes.Document {
  return parse(readFileSync(file, 'utf8'));
}

export const attr = (element: Element, name: string) => element.attrs.find((a) => a.name === name)?.value;

/** Every element under `node` for which `match` holds, in document order. */
export function findAll(node: Node, match: (element: Element) => boolean): Element[] {
  const found: Element[] = [];
  const walk = (current: Node) => {
    if ('tagName' in current && match(current)) found.push(current);
    if ('childNodes' in current) current.childNodes.forEach(walk);
  };
  walk(node);
  return found;
}

export const byTag = (node: Node, tagName: string) => findAll(node, (element) => element.tagName === tagName);

export const byClass = (node: Node, className: string) =>
  findAll(node, (element) => (attr(element, 'class') ?? '').split(/\s+/).includes(className));

/** Text content, as `textContent` gives it. */
export function text(node: Node): string {
  if (node.nodeName === '#text') return (node as DefaultTreeAdapterTypes.TextNode).value;
  return 'childNodes' in node ? node.childNodes.map(text).join('') : '';
}
