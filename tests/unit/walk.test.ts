import fc from 'fast-check';
import type { Element, Root } from 'hast';
import { fromHtml } from 'hast-util-from-html';
import type { Node, Parent } from 'unist';
import { visit } from 'unist-util-visit';
import { describe, expect, it } from 'vitest';

import { eachElement, eachNode } from '../../src/markdown/walk.ts';

/**
 * The Markdown plugins walk each article's trees with `eachNode` and
 * `eachElement` instead of unist-util-visit (cheaper: no ancestor arrays).
 * They must reach the same nodes in the same order as `visit` does.
 */

/** Random trees: a node is a leaf or a parent of up to four nodes, to depth 5. */
const tree: fc.Arbitrary<Node> = fc.letrec<{ node: Node }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.record({ type: fc.constantFrom('text', 'element', 'comment'), value: fc.string({ maxLength: 3 }) }),
    fc.record({
      type: fc.constantFrom('element', 'root', 'paragraph'),
      children: fc.array(tie('node'), { maxLength: 4 }),
    }),
  ),
})).node;

function visitOrder(root: Node, test?: string): Node[] {
  const seen: Node[] = [];
  if (test) visit(root, test, (node) => void seen.push(node));
  else visit(root, (node) => void seen.push(node));
  return seen;
}

describe('eachNode and eachElement', () => {
  it('reach every node, and every element, in the order unist-util-visit does (random trees)', () => {
    fc.assert(
      fc.property(tree, (root) => {
        const all: Node[] = [];
        eachNode(root, (node) => all.push(node));
        expect(all).toEqual(visitOrder(root));
        const elements: Element[] = [];
        eachElement(root as Root, (element) => elements.push(element));
        expect(elements).toEqual(visitOrder(root, 'element'));
      }),
    );
  });

  it('reach the same elements as visit on a real page, in the same order', () => {
    const page = fromHtml(
      '<h1 id="a">A</h1><p>One <a href="#a">link</a> and <em>two <strong>levels</strong></em>.</p><ul><li>x</li><li><p>y</p></li></ul><!-- c --><table><tr><td>1</td></tr></table>',
    );
    const names: string[] = [];
    eachElement(page, (element) => names.push(element.tagName));
    const expected: string[] = [];
    visit(page, 'element', (element: Element) => void expected.push(element.tagName));
    expect(names).toEqual(expected);
    expect(names, 'the walk reached the nested elements').toContain('strong');
  });

  it('walks the children a visitor gives a node, as visit does', () => {
    const root: Parent = { type: 'root', children: [{ type: 'paragraph', children: [{ type: 'text' }] } as Parent] };
    const seen: string[] = [];
    eachNode(root, (node) => {
      seen.push(node.type);
      if (node.type === 'paragraph') (node as Parent).children = [{ type: 'replaced' }, { type: 'added' }];
    });
    expect(seen).toEqual(['root', 'paragraph', 'replaced', 'added']);
  });

  it('walks a tree nested 100,000 deep without running out of stack', () => {
    let deepest: Parent = { type: 'element', children: [] };
    const root: Parent = { type: 'root', children: [deepest] };
    for (let depth = 1; depth < 100_000; depth += 1) {
      const child: Parent = { type: 'element', children: [] };
      deepest.children.push(child);
      deepest = child;
    }
    let count = 0;
    eachNode(root, () => (count += 1));
    expect(count).toBe(100_001);
  });
});
